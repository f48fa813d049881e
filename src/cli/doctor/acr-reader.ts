// doctor's AcrReader over the provider's ACR catalogue, when the provider has one.
import type { AlibabaProvider } from '../../cloud/alibaba/index.js';
import type { AcrReader } from '../../doctor/facts.js';

export function acrReaderOf(_provider: AlibabaProvider, _accountName: string): AcrReader | undefined {
  return undefined;
}
