import { createHash } from 'node:crypto';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WEB_CSS } from './assets/web-css.js';
import { WEB_JS } from './assets/web-js.js';

const ASSETS = {
  'web.css': { type: 'text/css; charset=utf-8', body: WEB_CSS },
  'web.js': { type: 'text/javascript; charset=utf-8', body: WEB_JS },
};
const ETAGS = Object.fromEntries(
  Object.entries(ASSETS).map(([name, a]) => [
    name,
    `"${createHash('sha256').update(a.body).digest('base64url').slice(0, 16)}"`,
  ]),
);

/** The pages' own stylesheet and script, from this server (the CSP lets nothing load from elsewhere). */
@ApiExcludeController()
@Controller('assets')
export class WebAssetsController {
  @Get('web.css')
  css(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.send('web.css', request, reply);
  }

  @Get('web.js')
  js(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.send('web.js', request, reply);
  }

  private send(name: keyof typeof ASSETS, request: FastifyRequest, reply: FastifyReply): void {
    const etag = ETAGS[name]!;
    void reply.header('ETag', etag).header('Cache-Control', 'public, max-age=3600');
    if (request.headers['if-none-match'] === etag) {
      void reply.status(304).send();
      return;
    }
    void reply.header('Content-Type', ASSETS[name].type).send(ASSETS[name].body);
  }
}
