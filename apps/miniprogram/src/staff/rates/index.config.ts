export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '本单位考核',
  enablePullDownRefresh: true,
});
