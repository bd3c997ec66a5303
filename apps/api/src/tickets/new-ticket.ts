import type { CreateTicketInput } from '@jyg12345/shared';
import { newId } from '../common/ids.js';
import type { TicketEntity } from '../database/entities.js';
import type { LocationService } from '../geo/location.service.js';
import { encodeParts } from './ticket-parts.js';

type Place = Awaited<ReturnType<LocationService['resolve']>> | null;

/**
 * A new ticket's row with every column given, whatever channel it came through (a resident, an operator, the
 * provincial platform), so that it can be inserted whole and answered from without a re-read (datetime(3) keeps
 * the milliseconds on MySQL, SQLite stores them as text).
 */
export function newTicketRow(a: {
  number: string;
  status: 'submitted' | 'accepted';
  channel: TicketEntity['channel'];
  input: Pick<CreateTicketInput, 'type' | 'title' | 'description' | 'location' | 'contact' | 'confidential'>;
  urgent: boolean;
  categoryId: string | null;
  residentId: string | null;
  place: Place;
  now: Date;
  /** The photos filed with it (claimed in the same transaction). */
  photoIds?: readonly string[];
}): TicketEntity {
  const { input, place } = a;
  return {
    id: newId(),
    number: a.number,
    status: a.status,
    version: 1,
    channel: a.channel,
    type: input.type,
    categoryId: a.categoryId,
    title: input.title ?? null,
    description: input.description,
    lat: input.location?.lat ?? null,
    lng: input.location?.lng ?? null,
    coordSystem: input.location?.coordSystem ?? null,
    address: input.location?.address ?? null,
    contactName: input.contact?.name ?? null,
    contactPhone: input.contact?.phone ?? null,
    confidential: input.confidential,
    residentId: a.residentId,
    leadUnitId: null,
    createdAt: a.now,
    updatedAt: a.now,
    urgent: a.urgent,
    assignedUnitId: null,
    statusBeforeReturn: null,
    dispatchedAt: null,
    signDueAt: null,
    signedAt: null,
    signMinutes: null,
    signOnTime: null,
    replyDueAt: null,
    repliedAt: null,
    replyMinutes: null,
    replyOnTime: null,
    dueSoonFrom: null,
    dueSoonAt: null,
    overdueAt: null,
    lastAutoUrgeDay: null,
    urgeCount: 0,
    pendingExtensionDays: null,
    extensionDays: 0,
    replyContent: null,
    handlerName: null,
    handlerPhone: null,
    replyUnitId: null,
    satisfaction: null,
    resolved: null,
    ratingComment: null,
    ratedAt: null,
    rejectReason: null,
    mergedIntoId: null,
    closedAt: null,
    streetId: place?.streetId ?? null,
    communityId: place?.communityId ?? null,
    wgs84Lat: place?.wgs84.lat ?? null,
    wgs84Lng: place?.wgs84.lng ?? null,
    outsideArea: place?.outsideArea ?? false,
    parts: encodeParts({ units: [], photos: (a.photoIds ?? []).map((id) => ({ id, usage: 'ticket' })) }),
  };
}
