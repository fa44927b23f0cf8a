import { describe, expect, it } from 'vitest';
import { readDemoClients } from './demo-clients.js';

describe('readDemoClients', () => {
  it('names the HubSpot demo companies with their domains and people', () => {
    const clients = readDemoClients();
    expect(clients.map((c) => [c.name, c.domain])).toEqual([
      ['Northwind Traders', 'northwind.example'],
      ['Acme Robotics', 'acme-robotics.example'],
      ['Globex Consulting', 'globex.example'],
    ]);
    expect(clients[0]!.people.map((p) => p.email)).toEqual(['nancy.davolio@northwind.example', 'andrew.fuller@northwind.example']);
    expect(clients[0]).toMatchObject({ dealName: 'Website rebuild', dealAmount: 48000 });
  });
});
