export default definePageConfig({
  // Renders <page-meta>: components/Page.tsx sets its root-font-size (长辈版, the phone's font setting).
  enablePageMeta: true,
  navigationBarTitleText: '我的诉求',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
});
