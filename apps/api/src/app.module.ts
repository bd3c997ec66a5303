import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { attachmentStorageProvider } from './attachments/attachment-storage.js';
import { ASSESSMENT_CONTROLLERS, ASSESSMENT_PROVIDERS } from './assessment/assessment.providers.js';
import { AttachmentsController } from './attachments/attachments.controller.js';
import { AttachmentsService } from './attachments/attachments.service.js';
import { AttachmentUrlSigner } from './attachments/attachment-url.signer.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { MeController } from './auth/me.controller.js';
import { TokenService } from './auth/token.service.js';
import { CalendarController, CalendarService } from './calendar/calendar.controller.js';
import { CategoriesController } from './categories/categories.controller.js';
import { CategoriesService } from './categories/categories.service.js';
import { ConsoleModule } from './console/console.module.js';
import { AllExceptionsFilter } from './common/exception.filter.js';
import { IdempotencyService } from './common/idempotency.service.js';
import { RateLimitGuard } from './common/rate-limit.guard.js';
import { RateLimitService } from './common/rate-limit.service.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source.js';
import { DuplicatesController } from './duplicates/duplicates.controller.js';
import { DuplicatesService } from './duplicates/duplicates.service.js';
import { BoundariesController } from './geo/boundaries.controller.js';
import { BoundariesService } from './geo/boundaries.service.js';
import { LocationService } from './geo/location.service.js';
import { HealthController } from './health/health.controller.js';
import { KnowledgeController } from './knowledge/knowledge.controller.js';
import { KnowledgeService } from './knowledge/knowledge.service.js';
import { RoutingController } from './routing/routing.controller.js';
import { RoutingService } from './routing/routing.service.js';
import { SeedService } from './seed/seed.service.js';
import { StaffController } from './staff/staff.controller.js';
import { StaffService } from './staff/staff.service.js';
import { WorkCalendarService } from './calendar/work-calendar.service.js';
import { TicketAccessService } from './tickets/ticket-access.service.js';
import { TicketActionsService } from './tickets/ticket-actions.service.js';
import { DeadlineScannerService } from './supervision/deadline-scanner.service.js';
import { NotificationWorker } from './notifications/notification.worker.js';
import { OutboxService } from './notifications/outbox.service.js';
import { OPEN311_CONTROLLERS, OPEN311_PROVIDERS } from './open311/open311.providers.js';
import { PROVINCE_CONTROLLERS, PROVINCE_PROVIDERS } from './province/province.providers.js';
import { PROACTIVE_CONTROLLERS, PROACTIVE_PROVIDERS } from './proactive/proactive.providers.js';
import { SECURITY_CONTROLLERS, SECURITY_PROVIDERS } from './security/security.providers.js';
import { TicketPhotosService } from './tickets/ticket-photos.service.js';
import { TicketWriter } from './tickets/ticket.writer.js';
import { DeadlineRescheduler } from './calendar/deadline-rescheduler.service.js';
import { TicketSearchIndex } from './search/ticket-search.index.js';
import { BackgroundJobs } from './common/background-jobs.js';
import { ScheduleModule } from '@nestjs/schedule';
import { TicketNumberAllocator } from './tickets/ticket-number.allocator.js';
import { TicketsController } from './tickets/tickets.controller.js';
import { TicketsRepository } from './tickets/tickets.repository.js';
import { TicketsService } from './tickets/tickets.service.js';
import { UnitTreeService } from './units/unit-tree.service.js';
import { UnitsController } from './units/units.controller.js';
import { UnitsService } from './units/units.service.js';
import { WechatClient } from './wechat/wechat.client.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ScheduleModule.forRoot(),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.database),
          migrationsRun: config.database.driver === 'mysql',
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        ConsoleModule,
      ],
      controllers: [
        HealthController,
        AuthController,
        MeController,
        TicketsController,
        UnitsController,
        StaffController,
        CategoriesController,
        CalendarController,
        KnowledgeController,
        DuplicatesController,
        AttachmentsController,
        BoundariesController,
        RoutingController,
        ...PROVINCE_CONTROLLERS,
        ...OPEN311_CONTROLLERS,
        ...ASSESSMENT_CONTROLLERS,
        ...PROACTIVE_CONTROLLERS,
        ...SECURITY_CONTROLLERS,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        BackgroundJobs,
        TokenService,
        AuthService,
        WechatClient,
        IdempotencyService,
        RateLimitService,
        RateLimitGuard,
        UnitTreeService,
        UnitsService,
        StaffService,
        CategoriesService,
        CalendarService,
        DeadlineRescheduler,
        TicketNumberAllocator,
        TicketsRepository,
        TicketsService,
        TicketPhotosService,
        TicketAccessService,
        TicketWriter,
        TicketSearchIndex,
        TicketActionsService,
        WorkCalendarService,
        DeadlineScannerService,
        OutboxService,
        NotificationWorker,
        SeedService,
        KnowledgeService,
        DuplicatesService,
        AttachmentsService,
        AttachmentUrlSigner,
        attachmentStorageProvider,
        LocationService,
        BoundariesService,
        RoutingService,
        ...PROVINCE_PROVIDERS,
        ...OPEN311_PROVIDERS,
        ...ASSESSMENT_PROVIDERS,
        ...PROACTIVE_PROVIDERS,
        ...SECURITY_PROVIDERS,
      ],
    };
  }
}
