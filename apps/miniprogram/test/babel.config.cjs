// Jest only: the app's babel.config.js targets WeChat/browsers through babel-preset-taro; tests run on Node.
module.exports = {
  presets: [
    ['@babel/preset-env', { targets: { node: 'current' } }],
    ['@babel/preset-typescript', { allowDeclareFields: true }],
    ['@babel/preset-react', { runtime: 'automatic' }],
  ],
};
