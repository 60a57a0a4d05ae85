import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideAccess, mayRemoveTeamSubscriptions } from '../../src/bot/access.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { PLAYGROUND_IDENTITY, type AccessConfig } from '../../src/config/access-config.ts';
import {
  ADMIN,
  ADMIN_TEAM_GROUP_ID,
  ADMIN_TEAM_ID,
  MEMBER,
  OTHER_TEAM_ID,
  OTHER_TENANT_ID,
  TENANT_ID,
} from './fixtures/teams-activities.ts';

const access: AccessConfig = {
  allowedTenantId: TENANT_ID,
  adminUserIds: [ADMIN.aadObjectId],
  adminTeamId: ADMIN_TEAM_ID,
};

function subject(o: {
  user?: string;
  tenant?: string | null;
  conversationTenant?: string | null;
  team?: { id?: string; aadGroupId?: string };
  /** Defaults to 'channel' with a team, else 'personal'. */
  conversationType?: string;
}) {
  const conversationType = o.conversationType ?? (o.team ? 'channel' : 'personal');
  return {
    from: { aadObjectId: o.user ?? MEMBER.aadObjectId },
    conversation:
      o.conversationTenant === null
        ? { conversationType }
        : { conversationType, tenantId: o.conversationTenant ?? o.tenant ?? TENANT_ID },
    channelData: {
      ...(o.tenant === null ? {} : { tenant: { id: o.tenant ?? TENANT_ID } }),
      ...(o.team ? { team: o.team } : {}),
    },
  };
}

describe('decideAccess', () => {
  test('allows a named admin in personal chat', () => {
    assert.deepEqual(decideAccess(subject({ user: ADMIN.aadObjectId }), access), { allowed: true, via: 'admin-user' });
  });

  test('matches admin object ids case-insensitively', () => {
    assert.equal(decideAccess(subject({ user: ADMIN.aadObjectId.toUpperCase() }), access).allowed, true);
  });

  test('refuses a non-admin in personal chat', () => {
    assert.deepEqual(decideAccess(subject({}), access), { allowed: false, reason: 'not-admin' });
  });

  test('allows anyone posting from the admins team, by thread id or Entra group id', () => {
    assert.deepEqual(decideAccess(subject({ team: { id: ADMIN_TEAM_ID } }), access), {
      allowed: true,
      via: 'admin-team',
    });
    const byGroupId = { ...access, adminTeamId: ADMIN_TEAM_GROUP_ID.toUpperCase() };
    assert.deepEqual(
      decideAccess(subject({ team: { id: ADMIN_TEAM_ID, aadGroupId: ADMIN_TEAM_GROUP_ID } }), byGroupId),
      { allowed: true, via: 'admin-team' },
    );
  });

  test('refuses a non-admin posting from another team', () => {
    assert.deepEqual(decideAccess(subject({ team: { id: OTHER_TEAM_ID } }), access), {
      allowed: false,
      reason: 'not-admin',
    });
  });

  test('refuses an admin object id arriving from another tenant', () => {
    assert.deepEqual(decideAccess(subject({ user: ADMIN.aadObjectId, tenant: OTHER_TENANT_ID }), access), {
      allowed: false,
      reason: 'other-tenant',
    });
    assert.deepEqual(decideAccess(subject({ team: { id: ADMIN_TEAM_ID }, tenant: OTHER_TENANT_ID }), access), {
      allowed: false,
      reason: 'other-tenant',
    });
  });

  test('refuses when channelData and conversation name different tenants', () => {
    assert.deepEqual(decideAccess(subject({ user: ADMIN.aadObjectId, conversationTenant: OTHER_TENANT_ID }), access), {
      allowed: false,
      reason: 'other-tenant',
    });
  });

  test('refuses an activity that names no tenant when a tenant is required', () => {
    assert.deepEqual(
      decideAccess(subject({ user: ADMIN.aadObjectId, tenant: null, conversationTenant: null }), access),
      { allowed: false, reason: 'no-tenant' },
    );
  });

  test('refuses everyone when no admin is configured', () => {
    const none: AccessConfig = { allowedTenantId: null, adminUserIds: [], adminTeamId: null };
    assert.deepEqual(decideAccess(subject({ user: ADMIN.aadObjectId, team: { id: ADMIN_TEAM_ID } }), none), {
      allowed: false,
      reason: 'not-admin',
    });
  });

  test('demo config lets the Agents Playground default user in, and nobody else', () => {
    const demo = loadConfig({}).access;
    const playgroundUser = {
      from: { aadObjectId: PLAYGROUND_IDENTITY.userAadObjectId },
      channelData: { tenant: { id: PLAYGROUND_IDENTITY.tenantId } },
    };
    assert.deepEqual(decideAccess(playgroundUser, demo), { allowed: true, via: 'admin-user' });
    const otherUser = {
      from: { aadObjectId: '00000000-0000-0000-0000-0000000000021' },
      channelData: { tenant: { id: PLAYGROUND_IDENTITY.tenantId } },
    };
    assert.deepEqual(decideAccess(otherUser, demo), { allowed: false, reason: 'not-admin' });
    const otherTenant = { ...playgroundUser, channelData: { tenant: { id: TENANT_ID } } };
    assert.deepEqual(decideAccess(otherTenant, demo), { allowed: false, reason: 'other-tenant' });
  });

  test('ADMIN_USER_IDS replaces the demo admin', () => {
    const demo = loadConfig({ ADMIN_USER_IDS: ADMIN.aadObjectId }).access;
    assert.deepEqual(demo.adminUserIds, [ADMIN.aadObjectId]);
  });

  test('the team rule holds only in a channel: a personal or group chat naming the admins team is refused', () => {
    for (const conversationType of ['personal', 'groupChat', undefined]) {
      const forged = {
        ...subject({ team: { id: ADMIN_TEAM_ID } }),
        conversation: { conversationType, tenantId: TENANT_ID },
      };
      assert.deepEqual(decideAccess(forged, access), { allowed: false, reason: 'not-admin' }, String(conversationType));
    }
    // A named admin is still an admin in any conversation.
    assert.equal(
      decideAccess(
        subject({ user: ADMIN.aadObjectId, team: { id: ADMIN_TEAM_ID }, conversationType: 'personal' }),
        access,
      ).allowed,
      true,
    );
  });
});

describe('mayRemoveTeamSubscriptions', () => {
  test('a team event (a channel conversation) of the allowed tenant may remove, from any member', () => {
    assert.equal(mayRemoveTeamSubscriptions(subject({ team: { id: ADMIN_TEAM_ID } }), access), true);
    assert.equal(mayRemoveTeamSubscriptions(subject({ team: { id: OTHER_TEAM_ID } }), access), true);
  });

  test('another tenant, no tenant, or a personal / group chat may not', () => {
    const team = { id: ADMIN_TEAM_ID };
    assert.equal(mayRemoveTeamSubscriptions(subject({ team, tenant: OTHER_TENANT_ID }), access), false);
    assert.equal(
      mayRemoveTeamSubscriptions(subject({ team, tenant: OTHER_TENANT_ID, conversationTenant: TENANT_ID }), access),
      false,
    );
    assert.equal(mayRemoveTeamSubscriptions(subject({ team, tenant: null, conversationTenant: null }), access), false);
    assert.equal(mayRemoveTeamSubscriptions(subject({ team, conversationType: 'personal' }), access), false);
    assert.equal(mayRemoveTeamSubscriptions(subject({ team, conversationType: 'groupChat' }), access), false);
  });
});
