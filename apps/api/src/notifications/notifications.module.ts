import { Module } from '@nestjs/common';
import { WechatModule } from '../wechat/wechat.module.js';
import { NotificationWorker } from './notification.worker.js';
import { OutboxService } from './outbox.service.js';
import { ProvinceOutboxService } from './province-outbox.service.js';

/** What leaves the centre after a ticket changes: WeChat messages to residents and staff, events for the province. */
@Module({ imports: [WechatModule], providers: [OutboxService, ProvinceOutboxService, NotificationWorker], exports: [OutboxService] })
export class NotificationsModule {}
