import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: apps/api/{src,dist}/config → four levels up. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A frozen database (process stopped, network black-holed) answers nothing: these bound how long a request waits for it. */
export const DATABASE_TIMEOUT_DEFAULTS = { queryMs: 5000, acquireMs: 3000 } as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const TRUE_WORDS = ['true', '1', 'yes'];
const BOOL_WORDS = [...TRUE_WORDS, 'false', '0', 'no'];

/** The development default below and the secrets this repository's docs and tests show: never valid in production. */
export const DEVELOPMENT_TOKEN_SECRET = 'development-only-secret-do-not-use-in-production';
const PUBLISHED_SECRETS = new Set([DEVELOPMENT_TOKEN_SECRET, 'test-secret-test-secret-test-secret-0123']);

/**
 * Why a production secret is too weak to sign with, or null. Random secrets (`openssl rand -base64 48`) pass; what
 * people type by hand mostly does not: fewer than 16 different characters, or a run such as abcdef…/123456….
 */
export function secretWeakness(secret: string): string | null {
  if (PUBLISHED_SECRETS.has(secret)) return 'is a published development/test secret: anyone could forge tokens with it';
  if (secret.length < 32) return 'must be at least 32 characters';
  if (new Set(secret).size < 16) return 'is too weak (fewer than 16 different characters): use e.g. `openssl rand -base64 48`';
  let steps = 0;
  for (let i = 1; i < secret.length; i++) if (Math.abs(secret.charCodeAt(i) - secret.charCodeAt(i - 1)) <= 1) steps++;
  if (steps * 2 > secret.length) return 'is too weak (mostly runs or repeats): use e.g. `openssl rand -base64 48`';
  return null;
}

/** Reads the environment a variable at a time, collecting every problem as `NAME: what is wrong`. */
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Record<string, string>) {}

  has(name: string): boolean {
    return this.env[name] !== undefined;
  }

  problem(name: string, message: string): void {
    this.problems.push(`${name}: ${message}`);
  }

  int(name: string, o: { min: number; max: number; default: number; minMessage?: string; maxMessage?: string; check?: (n: number) => boolean; message?: string }): number {
    const raw = this.env[name];
    if (raw === undefined) return o.default;
    const n = Number(raw);
    if (!Number.isInteger(n)) return this.fail(name, o.message ?? 'must be a whole number', o.default);
    if (n < o.min) return this.fail(name, o.minMessage ?? o.message ?? `must be at least ${o.min}`, o.default);
    if (n > o.max) return this.fail(name, o.maxMessage ?? o.message ?? `must be at most ${o.max}`, o.default);
    if (o.check && !o.check(n)) return this.fail(name, o.message ?? 'is not allowed', o.default);
    return n;
  }

  optText(name: string, o: { min?: number; max?: number; pattern?: RegExp; message?: string } = {}): string | undefined {
    const raw = this.env[name];
    if (raw === undefined) return undefined;
    if (o.min !== undefined && raw.length < o.min) return this.fail(name, o.message ?? `must be at least ${o.min} characters`, undefined);
    if (o.max !== undefined && raw.length > o.max) return this.fail(name, o.message ?? `must be at most ${o.max} characters`, undefined);
    if (o.pattern && !o.pattern.test(raw)) return this.fail(name, o.message ?? `must match ${String(o.pattern)}`, undefined);
    return raw;
  }

  text(name: string, fallback: string, o: { min?: number; max?: number; pattern?: RegExp; message?: string } = {}): string {
    return this.optText(name, o) ?? fallback;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined) return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    return this.fail(name, `must be one of ${values.join(', ')}`, fallback);
  }

  optBool(name: string): boolean | undefined {
    const raw = this.env[name];
    if (raw === undefined) return undefined;
    if (!BOOL_WORDS.includes(raw)) return this.fail(name, `must be one of ${BOOL_WORDS.join(', ')}`, undefined);
    return TRUE_WORDS.includes(raw);
  }

  bool(name: string, fallback: boolean): boolean {
    return this.optBool(name) ?? fallback;
  }

  /** An http(s) URL. */
  optUrl(name: string): string | undefined {
    const raw = this.env[name];
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
    } catch {
      // reported below
    }
    return this.fail(name, 'must be an http:// or https:// URL', undefined);
  }

  /** A redis:// or rediss:// URL (ioredis's form: redis://[user:password@]host[:port][/db]). */
  optRedisUrl(name: string): string | undefined {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      const url = new URL(raw);
      if ((url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname && /^\/?\d{0,2}$/.test(url.pathname)) return raw;
    } catch {
      // reported below
    }
    return this.fail(name, 'must be a redis://host[:port][/db] or rediss:// URL', undefined);
  }

  private fail<T>(name: string, message: string, fallback: T): T {
    this.problem(name, message);
    return fallback;
  }
}

/** Every variable, read and checked (problems collected, not thrown, so one error names them all). */
function readEnv(r: EnvReader) {
  const period = (name: string, max: number, fallback: number) => r.int(name, { min: 0, max, default: fallback });
  const e = {
    NODE_ENV: r.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    PORT: r.int('PORT', { min: 0, max: 65535, default: 3000 }),
    HOST: r.text('HOST', '0.0.0.0', { min: 1 }),
    LOG_LEVEL: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    DATABASE_URL: r.optText('DATABASE_URL', { pattern: /^mysql:\/\/[^\s]+$/, message: 'must be a mysql:// URL (leave unset for the embedded SQLite database)' }),
    DATABASE_POOL_SIZE: r.int('DATABASE_POOL_SIZE', { min: 1, max: 500, default: 10 }),
    DATABASE_QUERY_TIMEOUT_MS: r.int('DATABASE_QUERY_TIMEOUT_MS', {
      min: 100,
      max: 600_000,
      default: DATABASE_TIMEOUT_DEFAULTS.queryMs,
      minMessage: 'must be at least 100 (milliseconds a statement may take before its connection is given up)',
      maxMessage: 'must be at most 600000 (10 minutes); migrations run without it',
    }),
    DATABASE_ACQUIRE_TIMEOUT_MS: r.int('DATABASE_ACQUIRE_TIMEOUT_MS', {
      min: 100,
      max: 600_000,
      default: DATABASE_TIMEOUT_DEFAULTS.acquireMs,
      minMessage: 'must be at least 100 (milliseconds a request may wait for a pooled connection)',
      maxMessage: 'must be at most 600000 (10 minutes)',
    }),
    TICKET_NUMBER_LANES: r.int('TICKET_NUMBER_LANES', {
      min: 1,
      max: 10,
      default: 1,
      message: 'must be 1–10 (lanes of ticket numbers a process chooses from; 1 = one sequence)',
    }),
    SQLITE_PATH: r.text('SQLITE_PATH', path.join(REPO_ROOT, 'data', '12345.sqlite')),
    TOKEN_SECRET: r.optText('TOKEN_SECRET', { min: 32, message: 'must be at least 32 characters' }),
    TOKEN_TTL_HOURS: r.int('TOKEN_TTL_HOURS', { min: 1, max: 24 * 30, default: 12 }),
    AUTH_STATE_CACHE_MS: r.int('AUTH_STATE_CACHE_MS', {
      min: 0,
      max: 60_000,
      default: 2000,
      maxMessage: 'must be at most 60000 (a disabled account keeps acting in other processes for up to this long)',
    }),
    PASSWORD_SCRYPT_COST: r.int('PASSWORD_SCRYPT_COST', {
      min: 1024,
      max: 1048576,
      default: 32768,
      check: (n) => (n & (n - 1)) === 0,
      message: 'must be a power of two between 1024 and 1048576',
    }),
    LOGIN_ADDRESS_RETENTION_DAYS: r.int('LOGIN_ADDRESS_RETENTION_DAYS', {
      min: 1,
      max: 3650,
      default: 90,
      message: 'must be a whole number of days between 1 and 3650 (how long an address that logged in stays known)',
    }),
    LOGIN_ADDRESS_PRUNE_INTERVAL_MS: period('LOGIN_ADDRESS_PRUNE_INTERVAL_MS', 7 * 86_400_000, 3_600_000),
    AUTH_DEV_LOGIN: r.bool('AUTH_DEV_LOGIN', false),
    API_DOCS: r.optBool('API_DOCS'),
    HSTS: r.bool('HSTS', false),
    DEMO_PASSWORD: r.text('DEMO_PASSWORD', 'Demo@12345', { min: 8, message: 'must be at least 8 characters' }),
    SEED_DEMO: r.optBool('SEED_DEMO'),
    WECHAT_API_BASE: r.optUrl('WECHAT_API_BASE') ?? 'https://api.weixin.qq.com',
    WECHAT_APPID: r.optText('WECHAT_APPID'),
    WECHAT_SECRET: r.optText('WECHAT_SECRET'),
    WECHAT_TEMPLATE_STATUS: r.optText('WECHAT_TEMPLATE_STATUS'),
    WECHAT_TEMPLATE_TASK: r.optText('WECHAT_TEMPLATE_TASK'),
    NOTIFY_INTERVAL_MS: period('NOTIFY_INTERVAL_MS', 3_600_000, 3000),
    WECHAT_TIMEOUT_MS: r.int('WECHAT_TIMEOUT_MS', { min: 100, max: 60000, default: 5000 }),
    H5_DIR: r.text('H5_DIR', path.join(REPO_ROOT, 'apps', 'miniprogram', 'dist', 'h5')),
    CONSOLE_DIR: r.text('CONSOLE_DIR', path.join(REPO_ROOT, 'apps', 'console', 'dist')),
    SCAN_INTERVAL_MS: period('SCAN_INTERVAL_MS', 3_600_000, 60_000),
    AUTO_CLOSE_DAYS: r.int('AUTO_CLOSE_DAYS', { min: 1, max: 60, default: 7 }),
    TRUST_PROXY: r.text('TRUST_PROXY', 'false', {
      pattern: /^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
      message: 'must be true, false, a hop count or a comma-separated list of proxy addresses',
    }),
    HTTP_REQUEST_TIMEOUT_MS: r.int('HTTP_REQUEST_TIMEOUT_MS', { min: 1000, max: 600_000, default: 60_000 }),
    HTTP_HEADERS_TIMEOUT_MS: r.int('HTTP_HEADERS_TIMEOUT_MS', { min: 500, max: 120_000, default: 10_000 }),
    HTTP_IDLE_TIMEOUT_MS: r.int('HTTP_IDLE_TIMEOUT_MS', { min: 1000, max: 600_000, default: 30_000 }),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: r.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', { min: 1000, max: 600_000, default: 72_000 }),
    BODY_LIMIT_BYTES: r.int('BODY_LIMIT_BYTES', { min: 1024, max: 10 * 1024 * 1024, default: 256 * 1024 }),
    BOUNDARY_REFRESH_MS: period('BOUNDARY_REFRESH_MS', 3_600_000, 5000),
    ROUTING_REFRESH_MS: period('ROUTING_REFRESH_MS', 86_400_000, 60_000),
    ATTACHMENTS_DIR: r.text('ATTACHMENTS_DIR', path.join(REPO_ROOT, 'data', 'attachments')),
    ATTACHMENT_MAX_BYTES: r.int('ATTACHMENT_MAX_BYTES', { min: 1024, max: 50 * 1024 * 1024, default: 10 * 1024 * 1024 }),
    ATTACHMENT_MAX_PIXELS: r.int('ATTACHMENT_MAX_PIXELS', { min: 1_000_000, max: 268_000_000, default: 40_000_000 }),
    ATTACHMENT_UNATTACHED_HOURS: r.int('ATTACHMENT_UNATTACHED_HOURS', { min: 1, max: 24 * 365, default: 72 }),
    ATTACHMENT_SWEEP_INTERVAL_MS: period('ATTACHMENT_SWEEP_INTERVAL_MS', 86_400_000, 3_600_000),
    S3_ENDPOINT: r.optUrl('S3_ENDPOINT'),
    S3_BUCKET: r.optText('S3_BUCKET', { min: 3, max: 63 }),
    S3_ACCESS_KEY_ID: r.optText('S3_ACCESS_KEY_ID'),
    S3_SECRET_ACCESS_KEY: r.optText('S3_SECRET_ACCESS_KEY'),
    S3_REGION: r.text('S3_REGION', 'us-east-1'),
    S3_FORCE_PATH_STYLE: r.bool('S3_FORCE_PATH_STYLE', false),
    RATE_LIMIT_ENABLED: r.bool('RATE_LIMIT_ENABLED', true),
    RATE_LIMIT_LOGIN_PER_MIN: r.int('RATE_LIMIT_LOGIN_PER_MIN', { min: 1, max: 1_000_000, default: 10 }),
    RATE_LIMIT_FILE_PER_HOUR: r.int('RATE_LIMIT_FILE_PER_HOUR', { min: 1, max: 1_000_000, default: 20 }),
    RATE_LIMIT_UPLOAD_PER_HOUR: r.int('RATE_LIMIT_UPLOAD_PER_HOUR', { min: 1, max: 1_000_000, default: 60 }),
    RATE_LIMIT_ADDRESS_FACTOR: r.int('RATE_LIMIT_ADDRESS_FACTOR', { min: 1, max: 1000, default: 5 }),
    // Unset: counted in each process's memory. Set: counted in Redis, shared by every process (docs/adr/0005).
    RATE_LIMIT_REDIS_URL: r.optRedisUrl('RATE_LIMIT_REDIS_URL') ?? r.optRedisUrl('REDIS_URL'),
    RATE_LIMIT_REDIS_PREFIX: r.text('RATE_LIMIT_REDIS_PREFIX', 'jyg:rl:', { min: 1, max: 64, pattern: /^[A-Za-z0-9_:.-]+$/, message: 'must be 1-64 of [A-Za-z0-9_:.-]' }),
    PROVINCE_SHARED_SECRET: r.optText('PROVINCE_SHARED_SECRET', { min: 32, message: 'must be at least 32 characters' }),
    PROVINCE_API_URL: r.optUrl('PROVINCE_API_URL'),
    // Below the worker's 60 s lease, so a hung platform never lets another process send the same message meanwhile.
    PROVINCE_TIMEOUT_MS: r.int('PROVINCE_TIMEOUT_MS', { min: 100, max: 30_000, default: 5000 }),
    PROVINCE_INTERVAL_MS: period('PROVINCE_INTERVAL_MS', 3_600_000, 3000),
    PROVINCE_RETRY_BASE_MS: r.int('PROVINCE_RETRY_BASE_MS', { min: 100, max: 600_000, default: 5000 }),
    TOPIC_TAG_INTERVAL_MS: period('TOPIC_TAG_INTERVAL_MS', 3_600_000, 60_000),
  };

  if (e.NODE_ENV === 'production') {
    if (!e.TOKEN_SECRET && !r.has('TOKEN_SECRET')) r.problem('TOKEN_SECRET', 'is required when NODE_ENV=production');
    for (const name of ['TOKEN_SECRET', 'PROVINCE_SHARED_SECRET'] as const) {
      const weakness = e[name] ? secretWeakness(e[name]) : null;
      if (weakness) r.problem(name, `${weakness} (NODE_ENV=production)`);
    }
    if (e.AUTH_DEV_LOGIN) r.problem('AUTH_DEV_LOGIN', 'must not be true when NODE_ENV=production');
    if (e.SEED_DEMO) r.problem('SEED_DEMO', 'demo data never loads when NODE_ENV=production');
  }
  const s3 = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
  const s3Missing = s3.filter((k) => !r.has(k));
  if (s3Missing.length > 0 && s3Missing.length < s3.length) {
    for (const k of s3Missing) r.problem(k, `${s3.join(', ')} must be set together`);
  }
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) r.problem('HTTP_HEADERS_TIMEOUT_MS', 'must not exceed HTTP_REQUEST_TIMEOUT_MS');
  if (r.has('WECHAT_APPID') !== r.has('WECHAT_SECRET')) r.problem('WECHAT_SECRET', 'WECHAT_APPID and WECHAT_SECRET must be set together');
  if (r.has('PROVINCE_API_URL') && !r.has('PROVINCE_SHARED_SECRET')) {
    r.problem('PROVINCE_SHARED_SECRET', 'is required with PROVINCE_API_URL (feedback is signed with it)');
  }
  return e;
}

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
  /**
   * Ticket numbers per day come in 10 lanes of 100,000 (the first digit of the sequence); a process takes its
   * blocks from one lane of the first `ticketNumberLanes`, chosen at random and changed when another process
   * writes the same lane at the same moment. 1 keeps one sequence (one database server); several processes on a
   * multi-writer cluster (Galera) set more, so they do not update one counter row from several nodes.
   */
  ticketNumberLanes: number;
  /** stateCacheMs: how long a process trusts its copy of an account's state (active, role, unit, token version). */
  token: { secret: string; ttlHours: number; isEphemeral: boolean; stateCacheMs: number };
  passwordScryptCost: number;
  /**
   * Known login addresses (table login_addresses): a pair not seen for retentionDays is deleted by a job in every
   * process each pruneIntervalMs (0 turns it off).
   */
  loginAddresses: { retentionDays: number; pruneIntervalMs: number };
  devLogin: boolean;
  /** Serve the OpenAPI pages (/api/docs): on by default outside production, off in production unless API_DOCS=true. */
  apiDocs: boolean;
  /** Send Strict-Transport-Security: only when clients reach the API over TLS (a TLS-terminating proxy). */
  hsts: boolean;
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
  /**
   * Slow clients: the whole request (headers and body) within requestMs, the headers within headersMs, a socket
   * silent for idleMs is closed, an idle keep-alive connection after keepAliveMs.
   */
  httpTimeouts: { requestMs: number; headersMs: number; idleMs: number; keepAliveMs: number };
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
  /** How often new tickets are tagged to the open monthly topics; 0 turns it off (tests call it directly). */
  topicTagIntervalMs: number;
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

/**
 * Fixed-window limits, counted in the process's memory or, with `redis`, in Redis so that they hold across API
 * processes (docs/adr/0006-rate-limits-off-the-database.md).
 */
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
  /** RATE_LIMIT_REDIS_URL (or REDIS_URL) and the prefix of the counters' keys; null: in-process counters */
  redis: { url: string; prefix: string } | null;
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
  const raw = Object.fromEntries(Object.entries(env).filter((kv): kv is [string, string] => kv[1] !== undefined && kv[1] !== ''));
  const reader = new EnvReader(raw);
  const e = readEnv(reader);
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
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
    ticketNumberLanes: e.TICKET_NUMBER_LANES,
    // Outside production a fixed development secret keeps tokens valid across restarts and processes.
    token: {
      secret: e.TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET,
      ttlHours: e.TOKEN_TTL_HOURS,
      isEphemeral: e.TOKEN_SECRET === undefined,
      stateCacheMs: e.AUTH_STATE_CACHE_MS,
    },
    passwordScryptCost: e.PASSWORD_SCRYPT_COST,
    loginAddresses: { retentionDays: e.LOGIN_ADDRESS_RETENTION_DAYS, pruneIntervalMs: e.LOGIN_ADDRESS_PRUNE_INTERVAL_MS },
    devLogin: e.AUTH_DEV_LOGIN,
    apiDocs: e.API_DOCS ?? e.NODE_ENV !== 'production',
    hsts: e.HSTS,
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
    httpTimeouts: {
      requestMs: e.HTTP_REQUEST_TIMEOUT_MS,
      headersMs: e.HTTP_HEADERS_TIMEOUT_MS,
      idleMs: e.HTTP_IDLE_TIMEOUT_MS,
      keepAliveMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
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
      redis: e.RATE_LIMIT_REDIS_URL ? { url: e.RATE_LIMIT_REDIS_URL, prefix: e.RATE_LIMIT_REDIS_PREFIX } : null,
    },
    topicTagIntervalMs: e.TOPIC_TAG_INTERVAL_MS,
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
