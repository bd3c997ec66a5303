import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentModule } from './assessment/assessment.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CategoriesModule } from './categories/categories.module.js';
import { CommonModule } from './common/common.module.js';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/config.js';
import { ConsoleModule } from './console/console.module.js';
import { DuplicatesModule } from './duplicates/duplicates.module.js';
import { GeoModule } from './geo/geo.module.js';
import { HealthModule } from './health/health.module.js';
import { KnowledgeModule } from './knowledge/knowledge.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { Open311Module } from './open311/open311.module.js';
import { ProactiveModule } from './proactive/proactive.module.js';
import { ProvinceModule } from './province/province.module.js';
import { RoutingModule } from './routing/routing.module.js';
import { dataSourceOptions } from './schema.js';
import { SecurityModule } from './security/security.module.js';
import { SeedModule } from './seed/seed.module.js';
import { StaffModule } from './staff/staff.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { UnitsModule } from './units/units.module.js';

/**
 * The composition root: one feature module per folder of src/, each importing what it uses and exporting what
 * others may use. The folders import each other without a circle (src/architecture.test.ts checks it).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ScheduleModule.forRoot(),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.database),
          migrationsRun: config.database.driver === 'mysql',
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        CommonModule,
        HealthModule,
        SecurityModule,
        AuthModule,
        UnitsModule,
        StaffModule,
        CategoriesModule,
        GeoModule,
        RoutingModule,
        KnowledgeModule,
        NotificationsModule,
        TicketsModule,
        DuplicatesModule,
        SupervisionModule,
        ProvinceModule,
        Open311Module,
        AssessmentModule,
        ProactiveModule,
        ConsoleModule,
        SeedModule,
      ],
    };
  }
}
