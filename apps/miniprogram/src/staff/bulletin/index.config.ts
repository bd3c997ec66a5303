export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '考核通报',
});
