import { All, Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseFilters, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/access.js';
import { Open311Error, Open311ExceptionFilter } from './open311.errors.js';
import { CONTENT_TYPES, formatOfUrl, type Open311Format, render, splitFormat, type XmlValue } from './open311.format.js';
import { Open311Service, type Params } from './open311.service.js';

/** The routes below are outside the `/api` prefix and URI versioning (bootstrap.ts excludes this path). */
export const OPEN311_PATH = 'open311/v2';

const baseUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

function send(reply: FastifyReply, format: Open311Format, root: string, value: XmlValue): string {
  void reply.type(CONTENT_TYPES[format]);
  return render(format, root, value);
}

function fileFormat(file: string, what: string): [string, Open311Format] {
  const split = splitFormat(file);
  if (!split) throw new Open311Error(404, `${what}需以 .json 或 .xml 结尾`);
  return split;
}

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): parameters come as the query string or a
 * form-encoded body, answers in JSON or XML by the path's extension, errors as `[{code, description}]`.
 * The spec's XML documents: services/service, service_definition, service_requests/request, errors/error.
 */
@Public()
@ApiExcludeController()
@UseFilters(Open311ExceptionFilter)
@Controller({ path: OPEN311_PATH, version: VERSION_NEUTRAL })
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get(['discovery.json', 'discovery.xml'])
  discovery(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    return send(reply, formatOfUrl(request.url), 'discovery', this.open311.discovery(baseUrlOf(request)));
  }

  @Get(['services.json', 'services.xml'])
  async services(@Query() query: Params, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    this.open311.checkJurisdiction(query);
    return send(reply, formatOfUrl(request.url), 'services', await this.open311.services());
  }

  @Get('services/:file')
  async definition(@Param('file') file: string, @Query() query: Params, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const [code, format] = fileFormat(file, 'service_code ');
    this.open311.checkJurisdiction(query);
    return send(reply, format, 'service_definition', await this.open311.definition(code));
  }

  @Post(['requests.json', 'requests.xml'])
  @HttpCode(200)
  async submit(
    @Query() query: Params,
    @Body() body: Params | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const params = { ...query, ...(body && typeof body === 'object' ? body : {}) };
    return send(reply, formatOfUrl(request.url), 'service_requests', await this.open311.submit(params, idempotencyKey));
  }

  @Get(['requests.json', 'requests.xml'])
  async list(@Query() query: Params, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return send(reply, formatOfUrl(request.url), 'service_requests', await this.open311.list(query, baseUrlOf(request)));
  }

  @Get('requests/:file')
  async get(@Param('file') file: string, @Query() query: Params, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const [id, format] = fileFormat(file, 'service_request_id ');
    return send(reply, format, 'service_requests', await this.open311.get(query, id, baseUrlOf(request)));
  }

  @Get('tokens/:file')
  async token(@Param('file') file: string, @Query() query: Params, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const [token, format] = fileFormat(file, 'token ');
    return send(reply, format, 'service_requests', await this.open311.token(query, token));
  }

  /** Anything else under /open311/v2 (a misspelt route, another format) answers in the spec's error shape. */
  @All('*')
  notFound(): never {
    throw new Open311Error(404, '没有这个 Open311 接口，见 discovery.json');
  }
}
