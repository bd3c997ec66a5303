export default defineAppConfig({
  pages: ['pages/home/index', 'pages/appeals/index'],
  subPackages: [
    {
      root: 'appeal',
      pages: ['new/index', 'success/index', 'detail/index', 'supplement/index', 'rate/index'],
    },
    // Staff only (工作人员入口 on the home page); never preloaded, so residents never download it.
    {
      root: 'staff',
      pages: ['login/index', 'queue/index', 'ticket/index', 'rates/index', 'bulletin/index', 'topics/index', 'topic/index'],
    },
  ],
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['appeal'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#EDEDED',
    navigationBarBackgroundColor: '#EDEDED',
    navigationBarTitleText: '嘉峪关12345',
    navigationBarTextStyle: 'black',
    // H5 draws Taro's own title bar (title, back and home buttons) only when asked; WeChat always has one.
    navigationStyle: 'default',
  },
  tabBar: {
    color: '#7F7F7F',
    selectedColor: '#07C160',
    backgroundColor: '#F7F7F7',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab-home.png', selectedIconPath: 'assets/tab-home-active.png' },
      { pagePath: 'pages/appeals/index', text: '我的诉求', iconPath: 'assets/tab-appeals.png', selectedIconPath: 'assets/tab-appeals-active.png' },
    ],
  },
  permission: {
    'scope.userLocation': { desc: '用于标注诉求发生的位置，方便相关部门快速到场处理' },
  },
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  // H5 only: no route animation (going back quickly after navigateTo otherwise leaves the old page hidden).
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
});
