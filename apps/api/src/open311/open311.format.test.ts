import { describe, expect, it } from '@jest/globals';
import { render, w3cDatetime, XmlList } from './open311.format.js';
import { open311Status, redact } from './open311.service.js';

describe('Open311 formatting', () => {
  it('writes W3C datetimes in China time', () => {
    expect(w3cDatetime(new Date('2026-12-01T16:30:05.123Z'))).toBe('2026-12-02T00:30:05+08:00');
    expect(new Date(w3cDatetime('2026-01-31T23:59:59Z') as string).toISOString()).toBe('2026-01-31T23:59:59.000Z');
    expect(w3cDatetime(null)).toBeNull();
  });

  it('renders the same value as JSON (nulls left out) and as escaped XML', () => {
    const value = new XmlList('request', [{ service_request_id: 'JYG1', status_notes: null, description: 'a < b & "c"\u0001', lat: 39.8 }]);
    expect(render('json', 'service_requests', value)).toBe('[{"service_request_id":"JYG1","description":"a < b & \\"c\\"\\u0001","lat":39.8}]');
    expect(render('xml', 'service_requests', value)).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><service_request_id>JYG1</service_request_id><description>a &lt; b &amp; &quot;c&quot;</description><lat>39.8</lat></request></service_requests>',
    );
    expect(render('xml', 'services', new XmlList('service', []))).toBe('<?xml version="1.0" encoding="utf-8"?>\n<services></services>');
  });

  it('masks phone and ID numbers in public text, and nothing else', () => {
    expect(redact('请拨打13911112222或0937-6221234，身份证620202199001011234。')).toBe('请拨打139****2222或0937-********，身份证620202********1234。');
    expect(redact('室温只有12度，3号楼2单元')).toBe('室温只有12度，3号楼2单元');
  });

  it('maps every status to open or closed', () => {
    expect(['submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested'].map((s) => open311Status(s as never))).toEqual(Array(5).fill('open'));
    expect(['replied', 'closed', 'rejected', 'withdrawn', 'merged'].map((s) => open311Status(s as never))).toEqual(Array(5).fill('closed'));
  });
});
