import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMakerFlowLink, chooseFlowLink, toSafeLink } from '../../src/cards/safeLink.ts';

const ENV = 'Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';
const FLOW = '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40';

describe('safe links', () => {
  test('keeps https links on Power Platform portals of every cloud', () => {
    for (const host of [
      'make.powerautomate.com',
      'flow.microsoft.com',
      'emea.flow.microsoft.com',
      'admin.flow.microsoft.com',
      'admin.powerplatform.microsoft.com',
      'make.powerapps.com',
      'make.gov.powerautomate.us',
      'make.high.powerautomate.us',
      'make.powerautomate.appsplatform.us',
      'high.admin.powerplatform.microsoft.us',
    ]) {
      const url = `https://${host}/environments/${ENV}/flows/${FLOW}/details`;
      assert.equal(toSafeLink(url), url, host);
    }
  });

  test('drops other hosts, other schemes, look-alikes, credentials and ports', () => {
    for (const url of [
      'https://evil.example/environments/x/flows/y',
      'http://make.powerautomate.com/environments/x/flows/y',
      'javascript:alert(1)',
      'https://make.powerautomate.com.evil.example/x',
      'https://evilflow.microsoft.com.example/x',
      'https://x.y.flow.microsoft.com/x',
      'https://user:pw@make.powerautomate.com/x',
      'https://make.powerautomate.com:8443/x',
      'not a url',
      '',
    ]) {
      assert.equal(toSafeLink(url), null, url);
    }
    assert.equal(toSafeLink(null), null);
  });

  test('builds the maker link only from id-shaped ids', () => {
    assert.equal(buildMakerFlowLink(ENV, FLOW), `https://make.powerautomate.com/environments/${ENV}/flows/${FLOW}/details`);
    assert.equal(buildMakerFlowLink('../../evil', FLOW), null);
    assert.equal(buildMakerFlowLink(ENV, 'a/b?c'), null);
    assert.equal(buildMakerFlowLink(null, FLOW), null);
  });

  test('prefers the details URL, then the maker link, else none', () => {
    const admin = `https://admin.powerplatform.microsoft.com/environments/${ENV}/flows/${FLOW}/flowDetails`;
    assert.equal(chooseFlowLink(admin, ENV, FLOW), admin);
    assert.equal(chooseFlowLink('https://evil.example/', ENV, FLOW), buildMakerFlowLink(ENV, FLOW));
    assert.equal(chooseFlowLink('https://evil.example/', null, FLOW), null);
  });
});
