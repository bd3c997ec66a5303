import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** GET /console/callers/:phone/tickets — the number as the operator typed it (mobile or landline). */
export class CallerParamsDto {
  @ApiProperty({ example: '13900000001' })
  @Matches(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/)
  phone!: string;
}
