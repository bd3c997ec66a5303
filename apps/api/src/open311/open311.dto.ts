import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** `POST /api/v1/open311/keys`: a key for one Open311 client (an app, a district's system, a research group). */
export class CreateOpen311KeyDto {
  @ApiProperty({ description: '持有者：机构或应用名称', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[^\u0000-\u001F\u007F]*$/, { message: '不能包含控制字符' })
  owner!: string;

  @ApiPropertyOptional({ description: '联系方式（邮箱或电话），仅管理员可见', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[^\u0000-\u001F\u007F]*$/, { message: '不能包含控制字符' })
  contact?: string;

  @ApiPropertyOptional({ description: '每小时最多请求数（该密钥的所有调用）', minimum: 1, maximum: 100000, default: 600 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  ratePerHour?: number;
}
