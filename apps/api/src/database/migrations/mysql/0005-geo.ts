import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Boundaries (service area, streets, communities; GeoJSON in GCJ-02) and the dispatch-suggestion models.
 * Written by hand to match `BoundaryEntity` and `RoutingModelEntity` column for column (the SQLite
 * database follows the entities through `synchronize`).
 */
export class Geo1795855300000 implements MigrationInterface {
  name = 'Geo1795855300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`boundaries\` (\`id\` varchar(26) NOT NULL, \`scope\` varchar(64) NOT NULL, \`kind\` enum ('service_area', 'street', 'community') NOT NULL, \`unitId\` varchar(26) NULL, \`name\` varchar(100) NOT NULL, \`geojson\` json NOT NULL, \`approximate\` tinyint NOT NULL DEFAULT 0, \`updatedAt\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_boundaries_scope\` (\`scope\`), INDEX \`ix_boundaries_kind\` (\`kind\`, \`unitId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`CREATE TABLE \`routing_models\` (\`id\` varchar(26) NOT NULL, \`trainedAt\` datetime(3) NOT NULL, \`note\` varchar(200) NOT NULL, \`json\` json NOT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`routing_models\``);
    await queryRunner.query(`DROP TABLE \`boundaries\``);
  }
}
