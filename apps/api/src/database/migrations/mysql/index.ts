import { Initial1795854511121 } from './0001-initial.js';
import { Workflow1795854723482 } from './0002-workflow.js';
import { Knowledge1795854900000 } from './0003-knowledge.js';
import { Attachments1795855000000 } from './0004-attachments.js';
import { Geo1795855300000 } from './0005-geo.js';
import { Notifications1795855600000 } from './0006-notifications.js';
import { TicketLocation1795855900000 } from './0007-ticket-location.js';
import { RateLimits1795856200000 } from './0008-rate-limits.js';
import { UnitQueues1795856300000 } from './0009-unit-queues.js';
import { Province1795856400000 } from './0010-province.js';
import { QueueIndexes1795856500000 } from './0011-queue-indexes.js';
import { Assessment1795856600000 } from './0012-assessment.js';
import { Open3111795856700000 } from './0013-open311.js';
import { Topics1795856900000 } from './0015-topics.js';
import { Search1795857000000 } from './0016-search.js';
import { SearchPostings1795857450000 } from './0021-search-postings.js';
import { TopicReportPhotos1795857350000 } from './0019-topic-report-photos.js';
import { Security1795856800000 } from './0014-security.js';
import { CallerPhone1795857050000 } from './0017-caller-phone.js';
import { SecurityUploadsRetention1795857500000 } from './0022-security-uploads-retention.js';
import { GaleraNumberLanes1795858500000 } from './0023-galera-number-lanes.js';
import { AssessmentFiguresIndex1795858600000 } from './0024-assessment-figures-index.js';
import { TicketsMergedIntoIndex1795858700000 } from './0025-tickets-merged-into-index.js';
import { SearchDeadlinePostings1795858800000 } from './0026-search-deadline-postings.js';
import { AssessmentItems1795857400000 } from './0020-assessment-items.js';
import { SpeedRateLimitsOffDb1795857180000 } from './0018-speed-rate-limits-off-db.js';
import { TicketParts1795858900000 } from './0027-ticket-parts.js';

/** Applied in order on start (MySQL/MariaDB/TiDB). Generate new ones with `npm run migration:generate -w apps/api --name=Name`. */
export const MYSQL_MIGRATIONS: Function[] = [
  Initial1795854511121,
  Workflow1795854723482,
  Knowledge1795854900000,
  Attachments1795855000000,
  Geo1795855300000,
  Notifications1795855600000,
  TicketLocation1795855900000,
  RateLimits1795856200000,
  UnitQueues1795856300000,
  Province1795856400000,
  QueueIndexes1795856500000,
  Assessment1795856600000,
  Open3111795856700000,
  Security1795856800000,
  Topics1795856900000,
  Search1795857000000,
  CallerPhone1795857050000,
  SpeedRateLimitsOffDb1795857180000,
  TopicReportPhotos1795857350000,
  AssessmentItems1795857400000,
  SearchPostings1795857450000,
  SecurityUploadsRetention1795857500000,
  GaleraNumberLanes1795858500000,
  AssessmentFiguresIndex1795858600000,
  TicketsMergedIntoIndex1795858700000,
  SearchDeadlinePostings1795858800000,
  TicketParts1795858900000,
];
