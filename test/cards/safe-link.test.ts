import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMakerFlowLink, chooseFlowLink, toSafeLink } from '../../src/cards/safe-link.ts';

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

  test('links checked without parsing get the answer URL parsing gives', () => {
    // The rule before the fast path: parse, then check scheme, credentials, port and host.
    const parsedAnswer = (url: string) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return null;
      }
      if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return null;
      const host = parsed.hostname.toLowerCase();
      const allowed =
        ['make.powerautomate.com', 'flow.microsoft.com', 'make.powerapps.com'].includes(host) ||
        /^[a-z0-9-]+\.flow\.microsoft\.com$/.test(host);
      return allowed ? parsed.href : null;
    };
    for (const url of [
      `https://make.powerautomate.com/environments/${ENV}/flows/${FLOW}/details`,
      'https://make.powerautomate.com/',
      'https://make.powerautomate.com',
      'https://MAKE.powerautomate.com/x',
      'https://make.powerautomate.com/a/../../evil',
      'https://make.powerautomate.com/a/./b',
      'https://make.powerautomate.com/a%2e%2e/b',
      'https://make.powerautomate.com//double//slash',
      'https://make.powerautomate.com/x?q=1#f',
      'https://emea.flow.microsoft.com/environments/x',
      'https://xn--nxasmq6b.flow.microsoft.com/x',
      'https://xn--zz.flow.microsoft.com/x',
      'https://make.powerautomate.com./x',
      'https://make.powerautomate.com\\evil.example/x',
      'https://evil.example/make.powerautomate.com',
    ]) {
      assert.equal(toSafeLink(url), parsedAnswer(url), url);
    }
  });

  test('builds the maker link only from id-shaped ids', () => {
    assert.equal(
      buildMakerFlowLink(ENV, FLOW),
      `https://make.powerautomate.com/environments/${ENV}/flows/${FLOW}/details`,
    );
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
