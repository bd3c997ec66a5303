import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795854511121 implements MigrationInterface {
    name = 'Initial1795854511121'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`units\` (\`id\` varchar(26) NOT NULL, \`code\` varchar(64) NOT NULL, \`name\` varchar(100) NOT NULL, \`kind\` enum ('centre', 'sub_centre', 'department', 'company', 'street', 'community') NOT NULL, \`parentId\` varchar(26) NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`createdAt\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_units_code\` (\`code\`), INDEX \`ix_units_parent\` (\`parentId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
        await queryRunner.query(`CREATE TABLE \`staff\` (\`id\` varchar(26) NOT NULL, \`username\` varchar(64) NOT NULL, \`passwordHash\` varchar(255) NOT NULL, \`displayName\` varchar(50) NOT NULL, \`role\` enum ('operator', 'supervisor', 'handler', 'admin') NOT NULL, \`unitId\` varchar(26) NOT NULL, \`phone\` varchar(20) NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_staff_username\` (\`username\`), INDEX \`ix_staff_unit\` (\`unitId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
        await queryRunner.query(`CREATE TABLE \`residents\` (\`id\` varchar(26) NOT NULL, \`openid\` varchar(64) NOT NULL, \`unionid\` varchar(64) NULL, \`createdAt\` datetime(3) NOT NULL, \`lastLoginAt\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_residents_openid\` (\`openid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
        await queryRunner.query(`CREATE TABLE \`categories\` (\`id\` varchar(26) NOT NULL, \`code\` varchar(32) NOT NULL, \`level1\` varchar(50) NOT NULL, \`level2\` varchar(50) NOT NULL, \`level3\` varchar(50) NOT NULL, \`defaultUnitId\` varchar(26) NULL, \`replyDays\` int NULL, \`active\` tinyint NOT NULL DEFAULT 1, UNIQUE INDEX \`uq_categories_code\` (\`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
        await queryRunner.query(`CREATE TABLE \`calendar_days\` (\`date\` varchar(10) NOT NULL, \`kind\` enum ('holiday', 'workday') NOT NULL, \`name\` varchar(50) NOT NULL, PRIMARY KEY (\`date\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
        await queryRunner.query(`CREATE TABLE \`tickets\` (\`id\` varchar(26) NOT NULL, \`number\` varchar(20) NOT NULL, \`status\` enum ('submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested', 'replied', 'closed', 'rejected', 'withdrawn', 'merged') NOT NULL, \`version\` int NOT NULL, \`channel\` enum ('miniprogram', 'phone', 'web', 'province', 'open311') NOT NULL, \`type\` enum ('consultation', 'help', 'complaint', 'report', 'suggestion', 'praise') NOT NULL, \`categoryId\` varchar(26) NULL, \`title\` varchar(100) NULL, \`description\` text NOT NULL, \`lat\` double NULL, \`lng\` double NULL, \`coordSystem\` enum ('gcj02', 'wgs84') NULL, \`address\` varchar(200) NULL, \`contactName\` varchar(50) NULL, \`contactPhone\` varchar(20) NULL, \`confidential\` tinyint NOT NULL DEFAULT 0, \`residentId\` varchar(26) NULL, \`leadUnitId\` varchar(26) NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_tickets_number\` (\`number\`), INDEX \`ix_tickets_lead_unit\` (\`leadUnitId\`, \`status\`, \`id\`), INDEX \`ix_tickets_status\` (\`status\`, \`id\`), INDEX \`ix_tickets_resident\` (\`residentId\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
        await queryRunner.query(`CREATE TABLE \`ticket_events\` (\`id\` varchar(26) NOT NULL, \`ticketId\` varchar(26) NOT NULL, \`action\` varchar(32) NOT NULL, \`fromStatus\` enum ('submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested', 'replied', 'closed', 'rejected', 'withdrawn', 'merged') NULL, \`toStatus\` enum ('submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested', 'replied', 'closed', 'rejected', 'withdrawn', 'merged') NOT NULL, \`actorId\` varchar(26) NULL, \`actorRole\` enum ('resident', 'operator', 'supervisor', 'handler', 'admin', 'system') NOT NULL, \`unitId\` varchar(26) NULL, \`note\` text NULL, \`payload\` json NULL, \`createdAt\` datetime(3) NOT NULL, INDEX \`ix_ticket_events_ticket\` (\`ticketId\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
        await queryRunner.query(`CREATE TABLE \`idempotency_keys\` (\`id\` varchar(26) NOT NULL, \`actorId\` varchar(26) NOT NULL, \`key\` varchar(128) NOT NULL, \`requestHash\` varchar(64) NOT NULL, \`operation\` varchar(64) NOT NULL, \`responseStatus\` int NOT NULL, \`responseBody\` json NOT NULL, \`createdAt\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_idempotency_actor_key\` (\`actorId\`, \`key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
        await queryRunner.query(`CREATE TABLE \`ticket_number_blocks\` (\`day\` varchar(8) NOT NULL, \`nextSeq\` int NOT NULL, PRIMARY KEY (\`day\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE \`ticket_number_blocks\``);
        await queryRunner.query(`DROP INDEX \`uq_idempotency_actor_key\` ON \`idempotency_keys\``);
        await queryRunner.query(`DROP TABLE \`idempotency_keys\``);
        await queryRunner.query(`DROP INDEX \`ix_ticket_events_ticket\` ON \`ticket_events\``);
        await queryRunner.query(`DROP TABLE \`ticket_events\``);
        await queryRunner.query(`DROP INDEX \`ix_tickets_resident\` ON \`tickets\``);
        await queryRunner.query(`DROP INDEX \`ix_tickets_status\` ON \`tickets\``);
        await queryRunner.query(`DROP INDEX \`ix_tickets_lead_unit\` ON \`tickets\``);
        await queryRunner.query(`DROP INDEX \`uq_tickets_number\` ON \`tickets\``);
        await queryRunner.query(`DROP TABLE \`tickets\``);
        await queryRunner.query(`DROP TABLE \`calendar_days\``);
        await queryRunner.query(`DROP INDEX \`uq_categories_code\` ON \`categories\``);
        await queryRunner.query(`DROP TABLE \`categories\``);
        await queryRunner.query(`DROP INDEX \`uq_residents_openid\` ON \`residents\``);
        await queryRunner.query(`DROP TABLE \`residents\``);
        await queryRunner.query(`DROP INDEX \`ix_staff_unit\` ON \`staff\``);
        await queryRunner.query(`DROP INDEX \`uq_staff_username\` ON \`staff\``);
        await queryRunner.query(`DROP TABLE \`staff\``);
        await queryRunner.query(`DROP INDEX \`ix_units_parent\` ON \`units\``);
        await queryRunner.query(`DROP INDEX \`uq_units_code\` ON \`units\``);
        await queryRunner.query(`DROP TABLE \`units\``);
    }

}
