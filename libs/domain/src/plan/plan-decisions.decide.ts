import { conflict, invalid } from '../shared/domain-error.js';
import { requireDay, requireNotInFuture } from '../shared/date-checks.js';
import { LIMITS, requireId, requireOneOf, requireText } from '../shared/value-checks.js';
import type { RecordDecision, RegisterPartner } from './plan.commands.js';
import {
  DECISION_KINDS,
  PARTNER_KINDS,
  type DecisionFields,
  type PlanEvent,
  type PlanRef,
} from './plan.events.js';
import { planRef, type Plan } from './plan.state.js';

/**
 * A decision of a body (council, steering group). adopt-plan needs a draft with at least one goal that is
 * not dropped; revise-plan and conclude-plan need an adopted plan.
 */
export function recordDecision({ data, metadata }: RecordDecision, plan: Plan): PlanEvent[] {
  const decision: DecisionFields = {
    decisionId: requireId(data.decisionId, 'decisionId'),
    kind: requireOneOf(data.kind, DECISION_KINDS, 'kind'),
    body: requireText(data.body, 'body', LIMITS.name),
    reference: requireText(data.reference, 'reference', LIMITS.name),
    decidedOn: requireNotInFuture(requireDay(data.decidedOn, 'decidedOn'), metadata.now, 'decidedOn'),
    subject: requireText(data.subject, 'subject', LIMITS.text),
  };
  if (plan.decisions.some((d) => d.id === decision.decisionId)) {
    throw conflict('decision_exists', `decision ${decision.decisionId} is already recorded`, 'decisionId');
  }
  const ref = planRef(plan);
  const recorded: PlanEvent = { type: 'DecisionRecorded', data: { ...ref, ...decision } };
  switch (decision.kind) {
    case 'adopt-plan':
      requireAdoptable(plan);
      return [recorded, { type: 'PlanAdopted', data: outcome(ref, decision) }];
    case 'conclude-plan':
      requireAdopted(plan);
      return [recorded, { type: 'PlanConcluded', data: outcome(ref, decision) }];
    case 'revise-plan':
      requireAdopted(plan);
      return [recorded];
    case 'other':
      return [recorded];
    default:
      return unknownKind(decision.kind);
  }
}

export function registerPartner({ data }: RegisterPartner, plan: Plan): PlanEvent[] {
  const partnerId = requireId(data.partnerId, 'partnerId');
  const name = requireText(data.name, 'name', LIMITS.name);
  const kind = requireOneOf(data.kind, PARTNER_KINDS, 'kind');
  if (plan.partners.some((p) => p.id === partnerId)) {
    throw conflict('partner_exists', `partner ${partnerId} is already registered`, 'partnerId');
  }
  if (plan.partners.some((p) => p.name.toLocaleLowerCase('de') === name.toLocaleLowerCase('de'))) {
    throw conflict('partner_exists', `a partner named ${name} is already registered`, 'name');
  }
  return [{ type: 'PartnerRegistered', data: { ...planRef(plan), partnerId, name, kind } }];
}

function requireAdoptable(plan: Plan): void {
  if (plan.status !== 'draft') throw conflict('plan_already_adopted', 'the plan has already been adopted');
  if (!plan.goals.some((goal) => goal.status !== 'dropped')) {
    throw conflict('plan_without_goals', 'a plan needs at least one goal that is not dropped to be adopted');
  }
}

function requireAdopted(plan: Plan): void {
  if (plan.status !== 'adopted') throw conflict('plan_not_adopted', 'the plan has not been adopted yet');
}

function outcome(
  ref: PlanRef,
  decision: DecisionFields,
): PlanRef & { decisionId: string; decidedOn: string } {
  return { ...ref, decisionId: decision.decisionId, decidedOn: decision.decidedOn };
}

function unknownKind(kind: never): never {
  throw invalid('kind_invalid', `unknown decision kind ${String(kind)}`, 'kind');
}
