import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keywordsOf } from '@jyg12345/seeds';
import { TICKET_STATUS_LABELS, TICKET_TYPE_LABELS, TICKET_TYPES, type TicketStatus, type TicketType, ULID_PATTERN } from '@jyg12345/shared';
import { DataSource, In } from 'typeorm';
import { encodeTime } from 'ulid';
import { AttachmentUrlSigner } from '../attachments/attachment-url.signer.js';
import type { IntakeClient } from '../auth/principal.js';
import { parseIdempotencyKey } from '../common/idempotency.service.js';
import { AttachmentEntity, CategoryEntity, TicketEntity, UnitEntity } from '../database/entities.js';
import { convert } from '../geo/coords.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { Open311Error } from './open311.errors.js';
import { w3cDatetime, XmlList, type XmlValue } from './open311.format.js';
import { Open311KeysService } from './open311-keys.service.js';

/** The one jurisdiction this endpoint serves; `jurisdiction_id` may be left out. */
export const JURISDICTION_ID = 'jiayuguan';
/** When this implementation's behaviour last changed (discovery's `changeset`). */
const CHANGESET = '2026-12-01T00:00:00+08:00';
/** Tickets without a category yet (filed without one, not classified by an operator). */
export const UNCLASSIFIED = 'unclassified';
export const DEFAULT_TYPE: TicketType = 'help';
const MAX_RESULTS = 1000;
const MAX_SPAN_MS = 90 * 86_400_000;

const OPEN: ReadonlySet<TicketStatus> = new Set(['submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested']);
/** Replied counts as closed: the unit has answered; a reopening moves the appeal back to open. */
export const open311Status = (s: TicketStatus): 'open' | 'closed' => (OPEN.has(s) ? 'open' : 'closed');

export type Params = Record<string, unknown>;

/** The attributes every service takes (docs/open311.md). */
const ATTRIBUTES = [
  {
    variable: true,
    code: 'type',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: null,
    order: 1,
    description: `诉求类型，默认"${TICKET_TYPE_LABELS[DEFAULT_TYPE]}"`,
    values: new XmlList('value', TICKET_TYPES.map((t) => ({ key: t, name: TICKET_TYPE_LABELS[t] }))),
  },
  { variable: true, code: 'title', datatype: 'string', required: false, datatype_description: '最多 100 字', order: 2, description: '诉求标题' },
  {
    variable: true,
    code: 'confidential',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: null,
    order: 3,
    description: '是否保密：保密诉求的内容、地点和图片不公开',
    values: new XmlList('value', [
      { key: 'false', name: '不保密' },
      { key: 'true', name: '保密' },
    ]),
  },
  {
    variable: true,
    code: 'client_request_id',
    datatype: 'string',
    required: false,
    datatype_description: '最多 200 个字符',
    order: 4,
    description: '客户端自己的请求编号：带同一编号重试不会重复立案',
  },
] as const;
const ATTRIBUTE_CODES = new Set<string>(ATTRIBUTES.map((a) => a.code));

// Phone and ID numbers residents type into their text are masked in every public answer.
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3})-?\d{7,8}(?!\d)/g;
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
export const redact = (s: string): string =>
  s.replace(ID_NUMBER, '$1********$2').replace(MOBILE, '$1****$2').replace(LANDLINE, '$1-********');

function one(params: Params, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  // A JSON body may carry numbers and booleans where a form carries their text.
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') throw new Open311Error(400, `参数 ${name} 只能出现一次`);
  return v;
}

function number(params: Params, name: string, min: number, max: number): number | undefined {
  const v = one(params, name);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new Open311Error(400, `参数 ${name} 必须是 ${min} 到 ${max} 之间的数字`);
  return n;
}

function date(params: Params, name: string): Date | undefined {
  const v = one(params, name);
  if (v === undefined || v === '') return undefined;
  // W3C datetimes (with a zone) or plain dates, read in China time.
  const m = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.exec(v);
  const d = m ? new Date(m[1] ? v : `${v}T00:00:00+08:00`) : null;
  if (!d || Number.isNaN(d.getTime())) throw new Open311Error(400, `参数 ${name} 必须是带时区的 W3C 日期时间，如 2026-12-01T09:00:00+08:00`);
  return d;
}

/** Ids are ULIDs: a time window is a primary-key range. */
const idBound = (at: Date, side: 'low' | 'high') => encodeTime(Math.max(0, at.getTime()), 10) + (side === 'low' ? '0' : 'Z').repeat(16);

const stable = (v: Params): string => JSON.stringify(Object.keys(v).sort().map((k) => [k, v[k]]));

@Injectable()
export class Open311Service {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tickets: TicketsService,
    private readonly keys: Open311KeysService,
    private readonly signer: AttachmentUrlSigner,
  ) {}

  checkJurisdiction(params: Params): void {
    const j = one(params, 'jurisdiction_id');
    if (j !== undefined && j !== '' && j !== JURISDICTION_ID) throw new Open311Error(404, `jurisdiction_id 不存在（本端点为 ${JURISDICTION_ID}）`);
  }

  /** A key given on a read is checked too, so a revoked key is refused everywhere. */
  async checkKeyIfGiven(params: Params): Promise<void> {
    const apiKey = one(params, 'api_key');
    if (apiKey !== undefined && !(await this.keys.use(apiKey))) throw new Open311Error(403, 'api_key 无效或已吊销');
  }

  discovery(baseUrl: string): XmlValue {
    return {
      changeset: CHANGESET,
      contact: '嘉峪关市 12345 政务服务便民热线（电话 12345）',
      key_service: '向 12345 中心申请 API 密钥，说明见 docs/open311.md',
      endpoints: new XmlList('endpoint', [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${baseUrl}/open311/v2`,
          changeset: CHANGESET,
          type: 'production',
          formats: new XmlList('format', ['application/json', 'text/xml']),
        },
      ]),
    };
  }

  async services(): Promise<XmlList> {
    const categories = await this.db.getRepository(CategoryEntity).find({ where: { active: true }, order: { code: 'ASC' } });
    return new XmlList(
      'service',
      categories.map((c) => {
        const keywords = keywordsOf(c.level2, c.level3);
        return {
          service_code: c.code,
          service_name: c.level3,
          description: `${c.level1} / ${c.level2} / ${c.level3}`,
          metadata: true,
          type: 'realtime',
          keywords: keywords.length > 0 ? keywords.join(',') : null,
          group: c.level1,
        };
      }),
    );
  }

  async definition(code: string): Promise<XmlValue> {
    const category = await this.db.getRepository(CategoryEntity).findOneBy({ code, active: true });
    if (!category) throw new Open311Error(404, `service_code ${code} 不存在`);
    return { service_code: category.code, attributes: new XmlList('attribute', [...ATTRIBUTES]) };
  }

  /**
   * Files one appeal through the same intake as every channel (TicketsService.file, channel open311). A retry
   * files nothing new: the idempotency key is the Idempotency-Key header, else attribute[client_request_id], else
   * a hash of the whole request (the same client posting the very same report twice is one appeal).
   */
  async submit(params: Params, idempotencyHeader: string | string[] | undefined): Promise<XmlList> {
    this.checkJurisdiction(params);
    const apiKey = one(params, 'api_key');
    const key = apiKey === undefined ? null : await this.keys.use(apiKey);
    if (!key) throw new Open311Error(403, 'api_key 无效或已吊销');

    const code = one(params, 'service_code');
    if (!code) throw new Open311Error(400, '缺少 service_code');
    const category = await this.db.getRepository(CategoryEntity).findOneBy({ code, active: true });
    if (!category) throw new Open311Error(404, `service_code ${code} 不存在`);

    const attributes: Record<string, string> = {};
    for (const name of Object.keys(params)) {
      const m = /^attribute\[(.+)\]$/.exec(name);
      if (!m) continue;
      const attr = m[1] as string;
      if (!ATTRIBUTE_CODES.has(attr)) throw new Open311Error(400, `未定义的属性 attribute[${attr}]`);
      attributes[attr] = one(params, name) ?? '';
    }
    const type = attributes.type || DEFAULT_TYPE;
    if (!(TICKET_TYPES as readonly string[]).includes(type)) throw new Open311Error(400, `attribute[type] 必须是以下之一：${TICKET_TYPES.join('、')}`);
    const confidential = attributes.confidential ?? 'false';
    if (confidential !== 'true' && confidential !== 'false') throw new Open311Error(400, 'attribute[confidential] 必须是 true 或 false');
    const clientRequestId = attributes.client_request_id;
    if (clientRequestId !== undefined && (clientRequestId.length === 0 || clientRequestId.length > 200)) {
      throw new Open311Error(400, 'attribute[client_request_id] 应为 1–200 个字符');
    }

    const lat = number(params, 'lat', -90, 90);
    const long = number(params, 'long', -180, 180);
    if ((lat === undefined) !== (long === undefined)) throw new Open311Error(400, 'lat 与 long 须同时提供');
    const address = one(params, 'address_string')?.trim() || undefined;
    if (lat === undefined && !address && !one(params, 'address_id')) throw new Open311Error(400, '需要提供位置：lat/long 或 address_string');
    const description = one(params, 'description')?.trim();
    if (!description) throw new Open311Error(400, '缺少 description（诉求内容）');

    const name = [one(params, 'last_name'), one(params, 'first_name')].filter((s) => s && s.trim()).join('').trim();
    const phone = one(params, 'phone')?.trim();
    const point = lat !== undefined && long !== undefined ? convert({ lat, lng: long }, 'wgs84', 'gcj02') : null;
    const body = {
      type,
      categoryId: category.id,
      ...(attributes.title ? { title: attributes.title } : {}),
      // Without coordinates the address can only travel in the text.
      description: point === null && address ? `${description}\n地址：${address}` : description,
      ...(point ? { location: { lat: point.lat, lng: point.lng, coordSystem: 'gcj02' as const, ...(address ? { address } : {}) } } : {}),
      ...(name || phone ? { contact: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
      confidential: confidential === 'true',
    };

    const header = parseIdempotencyKey(idempotencyHeader);
    const { api_key: _apiKey, ...request } = params;
    const idempotencyKey =
      header ??
      (clientRequestId !== undefined
        ? `o311-req:${createHash('sha256').update(clientRequestId).digest('hex')}`
        : `o311-body:${createHash('sha256').update(stable(request)).digest('hex')}`);
    const client: IntakeClient = { kind: 'client', id: key.id, channel: 'open311' };
    const filed = await this.tickets.file(client, body, idempotencyKey);
    return new XmlList('request', [
      {
        service_request_id: filed.body.number,
        token: filed.body.id,
        service_notice: '已收到，由 12345 热线受理后转交责任单位办理；可凭 service_request_id 查询进度',
        account_id: null,
      },
    ]);
  }

  async list(params: Params, baseUrl: string): Promise<XmlList> {
    this.checkJurisdiction(params);
    await this.checkKeyIfGiven(params);
    const qb = this.db.getRepository(TicketEntity).createQueryBuilder('t');
    const ids = one(params, 'service_request_id');
    if (ids !== undefined && ids !== '') {
      // Overrides every other argument, as the spec says.
      const numbers = [...new Set(ids.split(',').map((s) => s.trim()).filter((s) => s.length > 0))];
      if (numbers.length > MAX_RESULTS) throw new Open311Error(400, `service_request_id 最多 ${MAX_RESULTS} 个`);
      qb.where({ number: In(numbers) });
    } else {
      const start = date(params, 'start_date');
      const end = date(params, 'end_date');
      const to = end ?? (start ? new Date(Math.min(start.getTime() + MAX_SPAN_MS, Date.now())) : new Date());
      const from = start ?? new Date(to.getTime() - MAX_SPAN_MS);
      if (from.getTime() > to.getTime()) throw new Open311Error(400, 'start_date 不能晚于 end_date');
      if (to.getTime() - from.getTime() > MAX_SPAN_MS) throw new Open311Error(400, 'start_date 与 end_date 相隔不能超过 90 天');
      qb.where('t.id >= :low AND t.id <= :high', { low: idBound(from, 'low'), high: idBound(to, 'high') });
      const status = one(params, 'status');
      if (status !== undefined && status !== '') {
        const wanted = new Set(status.split(',').map((s) => s.trim()));
        for (const s of wanted) if (s !== 'open' && s !== 'closed') throw new Open311Error(400, 'status 只能是 open 或 closed');
        if (wanted.size === 1) {
          const statuses = Object.keys(TICKET_STATUS_LABELS).filter((s) => wanted.has(open311Status(s as TicketStatus)));
          qb.andWhere({ status: In(statuses) });
        }
      }
      const code = one(params, 'service_code');
      if (code !== undefined && code !== '') {
        if (code === UNCLASSIFIED) qb.andWhere('t.categoryId IS NULL');
        else {
          const category = await this.db.getRepository(CategoryEntity).findOneBy({ code });
          if (!category) return new XmlList('request', []);
          qb.andWhere({ categoryId: category.id });
        }
      }
    }
    const rows = await qb.orderBy('t.id', 'DESC').limit(MAX_RESULTS).getMany();
    return new XmlList('request', await this.views(rows, baseUrl));
  }

  async get(params: Params, number: string, baseUrl: string): Promise<XmlList> {
    this.checkJurisdiction(params);
    await this.checkKeyIfGiven(params);
    const row = number.length <= 20 ? await this.db.getRepository(TicketEntity).findOneBy({ number }) : null;
    if (!row) throw new Open311Error(404, `service_request_id ${number} 不存在`);
    return new XmlList('request', await this.views([row], baseUrl));
  }

  async token(params: Params, token: string): Promise<XmlList> {
    this.checkJurisdiction(params);
    await this.checkKeyIfGiven(params);
    const row = ULID_PATTERN.test(token)
      ? await this.db.getRepository(TicketEntity).findOne({ select: { id: true, number: true }, where: { id: token } })
      : null;
    if (!row) throw new Open311Error(404, `token ${token} 不存在`);
    return new XmlList('request', [{ service_request_id: row.number, token: row.id }]);
  }

  /** The public view: no contact, no handler, nothing of a confidential appeal but its progress. */
  private async views(rows: TicketEntity[], baseUrl: string): Promise<XmlValue[]> {
    if (rows.length === 0) return [];
    const categoryIds = [...new Set(rows.map((t) => t.categoryId).filter((id): id is string => id !== null))];
    const unitIds = [...new Set(rows.map((t) => t.leadUnitId).filter((id): id is string => id !== null))];
    const shown = rows.filter((t) => !t.confidential).map((t) => t.id);
    const [categories, units, photos] = await Promise.all([
      categoryIds.length ? this.db.getRepository(CategoryEntity).findBy({ id: In(categoryIds) }) : [],
      unitIds.length ? this.db.getRepository(UnitEntity).find({ select: { id: true, name: true }, where: { id: In(unitIds) } }) : [],
      shown.length
        ? this.db.getRepository(AttachmentEntity).find({ select: { id: true, ticketId: true }, where: { ticketId: In(shown), usage: 'ticket' }, order: { id: 'ASC' } })
        : [],
    ]);
    const category = new Map(categories.map((c) => [c.id, c]));
    const unit = new Map(units.map((u) => [u.id, u.name]));
    const photo = new Map<string, string>();
    for (const p of photos) if (p.ticketId && !photo.has(p.ticketId)) photo.set(p.ticketId, p.id);
    return rows.map((t) => {
      const c = t.categoryId === null ? undefined : category.get(t.categoryId);
      const hidden = t.confidential;
      const wgs84 =
        t.wgs84Lat !== null && t.wgs84Lng !== null
          ? { lat: t.wgs84Lat, lng: t.wgs84Lng }
          : t.lat !== null && t.lng !== null && t.coordSystem !== null
            ? convert({ lat: t.lat, lng: t.lng }, t.coordSystem, 'wgs84')
            : null;
      const photoId = photo.get(t.id);
      return {
        service_request_id: t.number,
        status: open311Status(t.status),
        status_notes: hidden ? TICKET_STATUS_LABELS[t.status] : this.notes(t),
        service_name: c ? c.level3 : '待分类',
        service_code: c ? c.code : UNCLASSIFIED,
        description: hidden ? null : redact(t.title ? `${t.title}：${t.description}` : t.description),
        agency_responsible: t.leadUnitId === null ? null : (unit.get(t.leadUnitId) ?? null),
        service_notice: null,
        requested_datetime: w3cDatetime(t.createdAt),
        updated_datetime: w3cDatetime(t.updatedAt),
        expected_datetime: w3cDatetime(t.replyDueAt),
        address: hidden || t.address === null ? null : redact(t.address),
        address_id: null,
        zipcode: null,
        lat: hidden || !wgs84 ? null : wgs84.lat,
        long: hidden || !wgs84 ? null : wgs84.lng,
        media_url: photoId === undefined ? null : `${baseUrl}${this.signer.url(photoId, 'display')}`,
      };
    });
  }

  private notes(t: TicketEntity): string {
    if (t.replyContent !== null && (t.status === 'replied' || t.status === 'closed')) return redact(t.replyContent);
    if (t.status === 'rejected' && t.rejectReason !== null) return redact(t.rejectReason);
    return TICKET_STATUS_LABELS[t.status];
  }
}
