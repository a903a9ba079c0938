import { describe, expect, it } from 'vitest';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { selfSignedCertificate } from './self-signed-cert.js';

describe('selfSignedCertificate', () => {
  it('makes a certificate that verifies with its own key and names the host', () => {
    const { key, cert } = selfSignedCertificate(['sensor.lab', 'localhost'], 30);
    const x509 = new X509Certificate(cert);
    expect(x509.verify(createPublicKey(createPrivateKey(key)))).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x509.subject).toBe('CN=sensor.lab');
    expect(x509.subjectAltName).toBe('DNS:sensor.lab, DNS:localhost');
    expect(x509.checkHost('sensor.lab')).toBe('sensor.lab');
    expect(x509.ca).toBe(false);
    const days = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(30);
  });

  it('lists IP addresses as iPAddress names', () => {
    const x509 = new X509Certificate(selfSignedCertificate(['sensor.lab', '127.0.0.1', '::1', '2001:db8::7']).cert);
    expect(x509.subjectAltName).toBe('DNS:sensor.lab, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:2001:DB8:0:0:0:0:0:7');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('writes GeneralizedTime for dates from 2050', () => {
    const x509 = new X509Certificate(selfSignedCertificate(['x.test'], 400, new Date('2049-12-01T00:00:00Z')).cert);
    expect(new Date(x509.validTo).getUTCFullYear()).toBe(2051);
  });
});
