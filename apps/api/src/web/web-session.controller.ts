import { Controller, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formValues, one } from './forms/form-kit.js';
import { signInPage } from './pages/sign-in.page.js';
import { WebAuth } from './web-auth.js';
import { WebErrorFilter } from './web-errors.js';
import { localPath, seeOther, sendPage } from './web-reply.js';

/** The web address (`/`), signing in with a member token and signing out. */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class WebSessionController {
  constructor(@Inject(WebAuth) private readonly auth: WebAuth) {}

  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.auth.context(request, reply);
    seeOther(reply, ctx.member ? `/m/${ctx.member.municipalityId}` : '/sign-in');
  }

  @Get('sign-in')
  async signInForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.auth.context(request, reply);
    const next = localPath(ctx.url.searchParams.get('next'), '');
    if (ctx.member) return seeOther(reply, next || `/m/${ctx.member.municipalityId}`);
    const csrf = this.auth.preSessionToken(request, reply);
    const notice = ctx.url.searchParams.get('signed-out') ? ctx.t.signedOut : undefined;
    sendPage(reply, signInPage(ctx, { csrf, next, notice }));
  }

  @Post('sign-in')
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.auth.context(request, reply);
    const values = formValues(request.body);
    const next = localPath(one(values, 'next'), '');
    const fail = (error: string, status: number) =>
      sendPage(
        reply,
        signInPage(ctx, { csrf: this.auth.preSessionToken(request, reply), next, error }),
        status,
      );
    if (!this.auth.csrfValid(request, values._csrf, 'pre-session')) return fail(ctx.t.formExpired, 403);
    const result = await this.auth.signIn(request, reply, one(values, 'token'));
    if (result.outcome !== 'ok') {
      return result.outcome === 'admin' ? fail(ctx.t.adminNotHere, 403) : fail(ctx.t.tokenUnknown, 401);
    }
    seeOther(reply, next || `/m/${result.municipalityId}`);
  }

  @Post('sign-out')
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.auth.context(request, reply);
    if (ctx.member && !this.auth.csrfValid(request, formValues(request.body)._csrf, 'session')) {
      return seeOther(reply, '/');
    }
    await this.auth.signOut(request, reply);
    seeOther(reply, '/sign-in?signed-out=1');
  }
}
