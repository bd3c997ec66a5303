import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import type { IProjectConfig } from '@tarojs/taro/types/compile';
import devConfig from './dev';
import prodConfig from './prod';

const appDir = path.resolve(__dirname, '..');
const sharedSrc = path.resolve(appDir, '../../shared/src');

/** Where the API lives, fixed at build time. H5 is served by the API itself, so it calls its own origin. */
function apiBaseUrl(): string {
  if (process.env.TARO_ENV === 'h5') return process.env.API_BASE_URL ?? '';
  return process.env.API_BASE_URL ?? 'https://12345.example.gov.cn';
}

/**
 * `@jyg12345/shared` resolves to its TypeScript source, transpiled by this app's Babel like our own files:
 * no stale `shared/dist`, and modern syntax is lowered for old WeChat clients. shared/ writes ESM imports with
 * `.js` suffixes (nodenext), hence the extensionAlias.
 */
type Chain = Parameters<NonNullable<NonNullable<IProjectConfig<'webpack5'>['mini']>['webpackChain']>>[0];

function useSharedSource(chain: Chain) {
  chain.resolve.alias.set('@jyg12345/shared$', path.join(sharedSrc, 'index.ts'));
  chain.resolve.set('extensionAlias', { '.js': ['.ts', '.tsx', '.js'] });
  // shared/ is pure declarations: let webpack drop what the app does not use (the rule table's guards, the calendar).
  // The city outline for the H5 location map is read from seeds/src/datasets as plain JSON.
  chain.module.rule('geojson').test(/\.geojson$/).type('json');
  chain.module.rule('shared-side-effect-free').test(/\.ts$/).include.add(sharedSrc).end().set('sideEffects', false);
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'jyg12345-miniprogram',
    date: '2026-11-28',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      __API_BASE_URL__: JSON.stringify(apiBaseUrl()),
      __SUBSCRIBE_TEMPLATE_IDS__: JSON.stringify(process.env.SUBSCRIBE_TEMPLATE_IDS ?? ''),
      // H5's map picker (Taro.chooseLocation) is Tencent's web picker and needs a key; without one H5 offers
      // the device position and a typed address only.
      __H5_MAP_PICKER__: JSON.stringify(Boolean(process.env.TENCENT_MAP_KEY)),
      ...(process.env.TENCENT_MAP_KEY ? { LOCATION_APIKEY: JSON.stringify(process.env.TENCENT_MAP_KEY) } : {}),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      // Sizes are written in rem (see src/styles/_tokens.scss) so 长辈版 and the phone's font setting scale
      // the whole page through the root font size; px is left alone (hairlines).
      postcss: {
        pxtransform: { enable: false, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        useSharedSource(chain);
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        useSharedSource(chain);
        // Taro splits only initial chunks on H5, so every lazily loaded page carried its own copy of the
        // H5 components and APIs (~85 KB each); share them between pages instead.
        chain.optimization.merge({ splitChunks: { chunks: 'all' } });
        // webpack's 244 KB hint is for public websites; the WeChat package limits are checked by scripts/size-report.mjs.
        chain.performance.hints(false);
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
