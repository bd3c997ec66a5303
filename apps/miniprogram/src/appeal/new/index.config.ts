export default definePageConfig({
  // Renders <page-meta>: components/Page.tsx sets its root-font-size (长辈版, the phone's font setting).
  enablePageMeta: true,
  navigationBarTitleText: '提交诉求',
});
