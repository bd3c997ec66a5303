export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '每月一题',
  enablePullDownRefresh: true,
});
