import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root: apps/api/{src,dist}/config → four levels up. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A frozen database (process stopped, network black-holed) answers nothing: these bound how long a request waits for it. */
export const DATABASE_TIMEOUT_DEFAULTS = { queryMs: 5000, acquireMs: 3000 } as const;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z
      .string()
      .regex(/^mysql:\/\/[^\s]+$/, 'must be a mysql:// URL (leave unset for the embedded SQLite database)')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    DATABASE_QUERY_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100, 'must be at least 100 (milliseconds a statement may take before its connection is given up)')
      .max(600_000, 'must be at most 600000 (10 minutes); migrations run without it')
      .default(DATABASE_TIMEOUT_DEFAULTS.queryMs),
    DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100, 'must be at least 100 (milliseconds a request may wait for a pooled connection)')
      .max(600_000, 'must be at most 600000 (10 minutes)')
      .default(DATABASE_TIMEOUT_DEFAULTS.acquireMs),
    SQLITE_PATH: z.string().min(1).default(path.join(REPO_ROOT, 'data', '12345.sqlite')),
    TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    TOKEN_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    PASSWORD_SCRYPT_COST: z.coerce
      .number()
      .int()
      .refine((n) => n >= 1024 && n <= 1048576 && (n & (n - 1)) === 0, 'must be a power of two between 1024 and 1048576')
      .default(32768),
    AUTH_DEV_LOGIN: bool.default(false),
    DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('Demo@12345'),
    SEED_DEMO: bool.optional(),
    WECHAT_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.weixin.qq.com'),
    WECHAT_APPID: z.string().min(1).optional(),
    WECHAT_SECRET: z.string().min(1).optional(),
    WECHAT_TEMPLATE_STATUS: z.string().min(1).optional(),
    WECHAT_TEMPLATE_TASK: z.string().min(1).optional(),
    NOTIFY_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(3000),
    WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
    H5_DIR: z.string().min(1).default(path.join(REPO_ROOT, 'apps', 'miniprogram', 'dist', 'h5')),
    CONSOLE_DIR: z.string().min(1).default(path.join(REPO_ROOT, 'apps', 'console', 'dist')),
    SCAN_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
    AUTO_CLOSE_DAYS: z.coerce.number().int().min(1).max(60).default(7),
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'must be true, false, a hop count or a comma-separated list of proxy addresses')
      .default('false'),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
    BOUNDARY_REFRESH_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
    ROUTING_REFRESH_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
    ATTACHMENTS_DIR: z.string().min(1).default(path.join(REPO_ROOT, 'data', 'attachments')),
    ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(10 * 1024 * 1024),
    ATTACHMENT_MAX_PIXELS: z.coerce.number().int().min(1_000_000).max(268_000_000).default(40_000_000),
    ATTACHMENT_UNATTACHED_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(72),
    ATTACHMENT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_BUCKET: z.string().min(3).max(63).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_FORCE_PATH_STYLE: bool.default(false),
    RATE_LIMIT_ENABLED: bool.default(true),
    RATE_LIMIT_LOGIN_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(10),
    RATE_LIMIT_FILE_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
    RATE_LIMIT_UPLOAD_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(60),
    RATE_LIMIT_ADDRESS_FACTOR: z.coerce.number().int().min(1).max(1000).default(5),
    PROVINCE_SHARED_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    PROVINCE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
    // Below the worker's 60 s lease, so a hung platform never lets another process send the same message meanwhile.
    PROVINCE_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
    PROVINCE_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(3000),
    PROVINCE_RETRY_BASE_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.TOKEN_SECRET) ctx.addIssue({ code: 'custom', path: ['TOKEN_SECRET'], message: 'is required when NODE_ENV=production' });
      if (env.AUTH_DEV_LOGIN)
        ctx.addIssue({ code: 'custom', path: ['AUTH_DEV_LOGIN'], message: 'must not be true when NODE_ENV=production' });
      if (env.SEED_DEMO) ctx.addIssue({ code: 'custom', path: ['SEED_DEMO'], message: 'demo data never loads when NODE_ENV=production' });
    }
    const s3 = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
    const s3Missing = s3.filter((k) => env[k] === undefined);
    if (s3Missing.length > 0 && s3Missing.length < s3.length) {
      for (const k of s3Missing) ctx.addIssue({ code: 'custom', path: [k], message: `${s3.join(', ')} must be set together` });
    }
    if ((env.WECHAT_APPID === undefined) !== (env.WECHAT_SECRET === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['WECHAT_SECRET'], message: 'WECHAT_APPID and WECHAT_SECRET must be set together' });
    }
    if (env.PROVINCE_API_URL !== undefined && env.PROVINCE_SHARED_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['PROVINCE_SHARED_SECRET'], message: 'is required with PROVINCE_API_URL (feedback is signed with it)' });
    }
  });

export type DatabaseConfig =
  | {
      driver: 'mysql';
      url: string;
      poolSize: number;
      /** Client-side limit per statement (mysql2 `timeout`); the connection is destroyed when it fires. Default DATABASE_TIMEOUT_DEFAULTS.queryMs. */
      queryTimeoutMs?: number;
      /** How long a caller waits for a pooled connection, connecting included. Default DATABASE_TIMEOUT_DEFAULTS.acquireMs. */
      acquireTimeoutMs?: number;
    }
  | { driver: 'sqlite'; path: string };

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: string;
  database: DatabaseConfig;
  token: { secret: string; ttlHours: number; isEphemeral: boolean };
  passwordScryptCost: number;
  devLogin: boolean;
  demoPassword: string;
  /** Load demo staff and tickets (never in production). Defaults to on for the embedded database. */
  seedDemo: boolean;
  wechat: {
    apiBase: string;
    appId: string | null;
    secret: string | null;
    timeoutMs: number;
    /** subscribe-message template for residents (status updates) and for unit staff (new and urged tasks) */
    templateStatus: string | null;
    templateTask: string | null;
  };
  /** Notification worker period; 0 turns it off (tests call it directly). */
  notifyIntervalMs: number;
  h5Dir: string;
  /** The centre's web console (apps/console build), served at /console. */
  consoleDir: string;
  bodyLimitBytes: number;
  /** Fastify's trustProxy: whose X-Forwarded-For to believe (client addresses feed the rate limits). */
  trustProxy: boolean | number | string[];
  /** Deadline scanner period; 0 turns it off (tests call it directly). */
  scanIntervalMs: number;
  autoCloseDays: number;
  /** How often a process checks whether another one changed the boundaries (0 = on every lookup). */
  boundaryRefreshMs: number;
  /** How often a process reloads the newest routing model and the closed-ticket history (0 = on every suggestion). */
  routingRefreshMs: number;
  attachments: AttachmentsConfig;
  rateLimits: RateLimitsConfig;
  province: ProvinceConfig;
}

/** The provincial 12345 platform (docs/adr/0002-province-protocol.md). */
export interface ProvinceConfig {
  /** HMAC-SHA256 key of both directions; unset = the inbound endpoint answers 503 PROVINCE_NOT_CONFIGURED. */
  sharedSecret: string | null;
  /** Base URL feedback is POSTed to (`{apiUrl}/feedback`); unset = messages wait in the outbox. */
  apiUrl: string | null;
  timeoutMs: number;
  /** Delivery worker period; 0 turns it off (tests call it directly). */
  intervalMs: number;
  /** First retry delay, doubling per attempt. */
  retryBaseMs: number;
}

/** Fixed-window limits counted in the database (table rate_limits), so they hold across API processes. */
export interface RateLimitsConfig {
  enabled: boolean;
  /** login attempts a minute per username/openid (per client address: × addressFactor) */
  loginPerMinute: number;
  /** appeals filed an hour per resident (per address, and per staff account: × addressFactor) */
  filePerHour: number;
  /** photos uploaded an hour per resident (per address, and per staff account: × addressFactor) */
  uploadPerHour: number;
  /** several residents share one address behind carrier NAT */
  addressFactor: number;
}

export interface AttachmentsConfig {
  /** Local disk store (used when no S3 store is configured). */
  dir: string;
  maxBytes: number;
  /** Decoded pixels (width × height) a photo may have: refuses decompression bombs. */
  maxPixels: number;
  /** Photos uploaded but never attached to an appeal are deleted after this many hours. */
  unattachedHours: number;
  /** How often each process sweeps them; 0 turns it off (tests call it directly). */
  sweepIntervalMs: number;
  s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; region: string; forcePathStyle: boolean } | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`));
  }
  const e = parsed.data;
  const database: DatabaseConfig = e.DATABASE_URL
    ? {
        driver: 'mysql',
        url: e.DATABASE_URL,
        poolSize: e.DATABASE_POOL_SIZE,
        queryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
        acquireTimeoutMs: e.DATABASE_ACQUIRE_TIMEOUT_MS,
      }
    : { driver: 'sqlite', path: path.resolve(e.SQLITE_PATH) };
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    database,
    // Outside production a fixed development secret keeps tokens valid across restarts and processes.
    token: {
      secret: e.TOKEN_SECRET ?? 'development-only-secret-do-not-use-in-production',
      ttlHours: e.TOKEN_TTL_HOURS,
      isEphemeral: e.TOKEN_SECRET === undefined,
    },
    passwordScryptCost: e.PASSWORD_SCRYPT_COST,
    devLogin: e.AUTH_DEV_LOGIN,
    demoPassword: e.DEMO_PASSWORD,
    seedDemo: e.NODE_ENV !== 'production' && (e.SEED_DEMO ?? database.driver === 'sqlite'),
    wechat: {
      apiBase: e.WECHAT_API_BASE.replace(/\/+$/, ''),
      appId: e.WECHAT_APPID ?? null,
      secret: e.WECHAT_SECRET ?? null,
      timeoutMs: e.WECHAT_TIMEOUT_MS,
      templateStatus: e.WECHAT_TEMPLATE_STATUS ?? null,
      templateTask: e.WECHAT_TEMPLATE_TASK ?? null,
    },
    notifyIntervalMs: e.NOTIFY_INTERVAL_MS,
    h5Dir: e.H5_DIR,
    consoleDir: e.CONSOLE_DIR,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy:
      e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY.split(','),
    scanIntervalMs: e.SCAN_INTERVAL_MS,
    autoCloseDays: e.AUTO_CLOSE_DAYS,
    boundaryRefreshMs: e.BOUNDARY_REFRESH_MS,
    routingRefreshMs: e.ROUTING_REFRESH_MS,
    attachments: {
      dir: path.resolve(e.ATTACHMENTS_DIR),
      maxBytes: e.ATTACHMENT_MAX_BYTES,
      maxPixels: e.ATTACHMENT_MAX_PIXELS,
      unattachedHours: e.ATTACHMENT_UNATTACHED_HOURS,
      sweepIntervalMs: e.ATTACHMENT_SWEEP_INTERVAL_MS,
      s3:
        e.S3_ENDPOINT && e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
          ? {
              endpoint: e.S3_ENDPOINT,
              bucket: e.S3_BUCKET,
              accessKeyId: e.S3_ACCESS_KEY_ID,
              secretAccessKey: e.S3_SECRET_ACCESS_KEY,
              region: e.S3_REGION,
              forcePathStyle: e.S3_FORCE_PATH_STYLE,
            }
          : null,
    },
    rateLimits: {
      enabled: e.RATE_LIMIT_ENABLED,
      loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MIN,
      filePerHour: e.RATE_LIMIT_FILE_PER_HOUR,
      uploadPerHour: e.RATE_LIMIT_UPLOAD_PER_HOUR,
      addressFactor: e.RATE_LIMIT_ADDRESS_FACTOR,
    },
    province: {
      sharedSecret: e.PROVINCE_SHARED_SECRET ?? null,
      apiUrl: e.PROVINCE_API_URL?.replace(/\/+$/, '') ?? null,
      timeoutMs: e.PROVINCE_TIMEOUT_MS,
      intervalMs: e.PROVINCE_INTERVAL_MS,
      retryBaseMs: e.PROVINCE_RETRY_BASE_MS,
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
