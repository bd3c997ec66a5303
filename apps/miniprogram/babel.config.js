// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// Taro compiles TypeScript with Babel; `tsc -p apps/miniprogram --noEmit` only type-checks.
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
      },
    ],
  ],
};
