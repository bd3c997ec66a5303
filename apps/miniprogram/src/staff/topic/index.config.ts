export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '专题详情',
  enablePullDownRefresh: true,
});
