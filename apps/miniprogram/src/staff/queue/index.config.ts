export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '工作台',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
});
