import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TenancyService } from './tenancy.service.js';
import { TenancyStore } from './tenancy.store.js';
import { Access, CurrentCaller, type Caller, type RequestWithCaller } from './access.decorator.js';
import { AddMemberDto, CreateMunicipalityDto, MemberContactDto } from './tenancy.dto.js';
import { forbidden } from '../http/problem.js';
import { eventMetadata, newCommandContext } from '../commands/command-context.js';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('tenancy')
@ApiBearerAuth()
@Controller('api')
export class TenancyController {
  constructor(
    @Inject(TenancyService) private readonly tenancy: TenancyService,
    @Inject(TenancyStore) private readonly store: TenancyStore,
  ) {}

  @Post('municipalities')
  @Access({ roles: ['admin'], target: 'none' })
  async createMunicipality(
    @Body() body: CreateMunicipalityDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    const metadata = eventMetadata(newCommandContext({ caller, correlationId: request.id }), undefined);
    const result = await this.tenancy.registerMunicipality(body, metadata);
    return { id: result.id, revision: Number(result.revision), position: Number(result.position) };
  }

  @Post('municipalities/:municipalityId/members')
  @Access({ roles: ['admin', 'coordinator'], target: 'municipality' })
  async addMember(
    @Param('municipalityId', uuid) municipalityId: string,
    @Body() body: AddMemberDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    const metadata = eventMetadata(newCommandContext({ caller, correlationId: request.id }), municipalityId);
    const result = await this.tenancy.addMember(municipalityId, body, metadata);
    return {
      memberId: result.memberId,
      token: result.token,
      revision: Number(result.revision),
      position: Number(result.position),
    };
  }

  @Get('municipalities/:municipalityId/members')
  @Access({ roles: ['admin', 'coordinator'], target: 'municipality' })
  async members(@Param('municipalityId', uuid) municipalityId: string) {
    const rows = await this.store.members(municipalityId);
    return rows.map((m) => ({
      memberId: m.id,
      displayName: m.display_name,
      role: m.role,
      createdAt: m.created_at,
      revokedAt: m.revoked_at,
    }));
  }

  @Post('municipalities/:municipalityId/members/:memberId/revoke')
  @HttpCode(200)
  @Access({ roles: ['admin', 'coordinator'], target: 'municipality' })
  async revoke(
    @Param('municipalityId', uuid) municipalityId: string,
    @Param('memberId', uuid) memberId: string,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    const metadata = eventMetadata(newCommandContext({ caller, correlationId: request.id }), municipalityId);
    const result = await this.tenancy.revokeMember(municipalityId, memberId, metadata);
    return { revision: Number(result.revision), position: Number(result.position) };
  }

  @Get('me')
  @Access({ roles: ['admin', 'coordinator', 'contributor', 'auditor', 'viewer'], target: 'none' })
  async me(@CurrentCaller() caller: Caller) {
    const { principal } = caller;
    if (principal.kind === 'admin') return { kind: 'admin', roles: ['admin'] };
    const municipality = await this.store.municipality(principal.municipalityId);
    return {
      kind: 'member',
      memberId: principal.id,
      displayName: principal.displayName,
      municipality: municipality
        ? { id: municipality.id, name: municipality.name, slug: municipality.slug }
        : undefined,
      roles: [principal.role],
    };
  }

  /** A member sets how reminders reach them (e-mail or signed webhook, German or English). */
  @Put('me/contact')
  @Access({ roles: ['coordinator', 'contributor', 'auditor', 'viewer'], target: 'none' })
  async setContact(@Body() body: MemberContactDto, @CurrentCaller() caller: Caller) {
    if (caller.principal.kind !== 'member') throw forbidden('only members have contact settings');
    await this.store.updateContact(caller.principal.id, body);
    return this.store.contact(caller.principal.id);
  }
}
