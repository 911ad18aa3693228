import { ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { ProblemException, type FieldProblem } from './problem.js';
import type { ValidationError } from 'class-validator';

/**
 * The HTTP shell shared by main.ts and the tests: security headers, validation, OpenAPI.
 * `docsUi: false` leaves out the Swagger UI's static files: @fastify/static requires an ESM-only package,
 * which Node 20 loads but Jest's module runtime cannot, so in-process tests check /api/docs-json and the
 * process test checks the UI on the built server.
 */
export async function configureHttp(
  app: NestFastifyApplication,
  options: { docsUi?: boolean; publicUrl?: string } = {},
): Promise<void> {
  // a JSON API: anything but JSON is 415, not a string that fails validation later
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  // helmet's middleware is built once: @fastify/helmet builds it (and parses the CSP) for every request
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        // on a plain-http intranet host, upgrading would send the pages' own requests to an https that is not there
        ...(options.publicUrl?.startsWith('http://') ? { upgradeInsecureRequests: null } : {}),
      },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
    );
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) =>
        new ProblemException(
          400,
          'validation_failed',
          'the request body or parameters are invalid',
          flatten(errors),
        ),
    }),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Masterplan Ledger')
      .setDescription('Event-sourced process tracking for municipal integration masterplans')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    ui: options.docsUi ?? true,
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({ field, code, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
