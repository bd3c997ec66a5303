export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '工单详情',
  enablePullDownRefresh: true,
});
