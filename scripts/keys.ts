/**
 * Prints the gateway's public key for the configured GATEWAY_SECRET: the value of
 * GATEWAY_PUBLIC_KEY for the subgraphs, which verify the gateway's proof with it and so never
 * need GATEWAY_SECRET (docs/security.md, "Who may do what").
 *
 *   GATEWAY_SECRET=… npm run -s keys            # base64url of the raw Ed25519 key
 *   GATEWAY_SECRET=… npm run -s keys -- --pem   # the same key as a PEM
 */
import { gatewayKeyPair, gatewayPublicKeyFor } from '../shared/platform/auth';
import { loadConfig } from '../shared/platform/config';

function main() {
  const config = loadConfig();
  if (process.argv.includes('--pem')) process.stdout.write(gatewayKeyPair(config.gatewaySecret).publicKey.export({ format: 'pem', type: 'spki' }).toString());
  else process.stdout.write(`${gatewayPublicKeyFor(config.gatewaySecret)}\n`);
}

if (require.main === module) main();
