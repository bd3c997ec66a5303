import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, type ProvinceForwardInput, type ProvinceForwardResult } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { TicketEntity } from '../database/entities.js';
import { AppError } from '../common/app-error.js';
import { isUniqueViolation, retryingDeadlocks } from '../database/db-errors.js';
import { validateDto } from '../common/validation.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LocationService } from '../geo/location.service.js';
import { newTicketRow } from '../tickets/new-ticket.js';
import { TicketWriter } from '../tickets/ticket.writer.js';
import { TicketNumberAllocator } from '../tickets/ticket-number.allocator.js';
import { checkProvinceSignature } from './province-signature.js';
import { ProvinceForwardDto } from './province.dto.js';
import { ProvinceTicketEntity } from '../notifications/province.entities.js';

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  /** The body's bytes as received (the signature covers them). */
  raw: Buffer | undefined;
  /** The same body, parsed. */
  body: unknown;
}

/**
 * Appeals forwarded by the provincial 12345 platform: signed by the platform, created once per provincial number
 * as an accepted ticket (channel province) for the operators to classify and dispatch, exactly like a call an
 * operator registers. The first feedback message ("accepted") is written in the same transaction.
 */
@Injectable()
export class ProvinceIntakeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly numbers: TicketNumberAllocator,
    private readonly location: LocationService,
    private readonly writer: TicketWriter,
  ) {}

  async receive(req: SignedRequest): Promise<{ status: 200 | 201; body: ProvinceForwardResult }> {
    const secret = this.config.province.sharedSecret;
    if (!secret) throw new AppError(ErrorCode.PROVINCE_NOT_CONFIGURED);
    const check = checkProvinceSignature(secret, req.timestamp, req.signature, req.raw ?? Buffer.alloc(0));
    if (check === 'invalid') throw new AppError(ErrorCode.PROVINCE_SIGNATURE_INVALID);
    if (check === 'stale') throw new AppError(ErrorCode.PROVINCE_TIMESTAMP_STALE);
    const input = await validateDto(ProvinceForwardDto, req.body);
    const known = await this.find(input.provinceNumber);
    if (known) return { status: 200, body: known };
    const place = input.location ? await this.location.resolve(input.location.lat, input.location.lng, input.location.coordSystem) : null;
    // Before the transaction, as filing does: a new block of numbers takes a pool connection of its own.
    const number = await this.numbers.next(new Date());
    try {
      return { status: 201, body: await this.create(input, number, place) };
    } catch (err) {
      // The same number forwarded twice at once: the unique provincial number lets one in; the other gets its ticket.
      if (!isUniqueViolation(err)) throw err;
      const winner = await this.find(input.provinceNumber);
      if (!winner) throw err;
      return { status: 200, body: winner };
    }
  }

  private create(input: ProvinceForwardInput, number: string, place: Awaited<ReturnType<LocationService['resolve']>> | null): Promise<ProvinceForwardResult> {
    return retryingDeadlocks(() => this.db.transaction(async (tx) => {
      const now = new Date();
      const ticket = newTicketRow({ number, status: 'accepted', channel: 'province', input, urgent: input.urgent, categoryId: null, residentId: null, place, now });
      await this.writer.file(tx, {
        ticket,
        action: 'forward',
        actor: { id: null, role: 'system', unitId: null },
        payload: { channel: 'province', provinceNumber: input.provinceNumber, forwardedAt: input.forwardedAt },
        alongside: (inner) =>
          inner.insert(ProvinceTicketEntity, {
            ticketId: ticket.id,
            provinceNumber: input.provinceNumber,
            forwardedAt: new Date(input.forwardedAt),
            receivedAt: now,
          }),
        notify: true,
      });
      return { provinceNumber: input.provinceNumber, ticketId: ticket.id, number, status: 'accepted', duplicate: false };
    }));
  }

  private async find(provinceNumber: string): Promise<ProvinceForwardResult | null> {
    const link = await this.db.getRepository(ProvinceTicketEntity).findOneBy({ provinceNumber });
    if (!link) return null;
    const ticket = await this.db.getRepository(TicketEntity).findOne({ select: { id: true, number: true, status: true }, where: { id: link.ticketId } });
    if (!ticket) return null;
    return { provinceNumber, ticketId: ticket.id, number: ticket.number, status: ticket.status, duplicate: true };
  }
}
