// Alibaba Cloud's public region IDs: every `regionId` in the manifests is checked against this list
// (lint-regions.ts), so a typo such as `cn-shangai` is an error with "did you mean cn-shanghai?"
// instead of a region no call can reach. Data only, kept in one place to be easy to update: add a
// row when Alibaba opens a region (until then, `--allow-unknown-regions` turns the error into a
// warning). Retrieved 2026-12-01 from:
//   - Alibaba Cloud, "Regions and zones" (ECS product overview):
//     https://www.alibabacloud.com/help/en/ecs/product-overview/regions-and-zones
//   - Alibaba Cloud, region IDs per service ("Common region IDs", ECS table):
//     https://www.alibabacloud.com/help/doc-detail/140601.htm
//   - Alibaba Cloud Container Compute Service, "Regions" (supported regions and region IDs):
//     https://help.aliyun.com/en/cs/product-overview/open-service-area
//   - Cloud-native API Gateway, "Regions" (Finance Cloud region IDs):
//     https://help.aliyun.com/en/api-gateway/cloud-native-api-gateway/product-overview/regions
// The live list for an account is also what ECS DescribeRegions answers:
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeregions

export interface Region {
  id: string;
  /** The name Alibaba's pages give it, as people search for it ("Shanghai", "Riyadh"). */
  name: string;
}

export const REGIONS_RETRIEVED = '2026-12-01';

export const REGIONS: readonly Region[] = [
  { id: 'cn-qingdao', name: 'China (Qingdao)' },
  { id: 'cn-beijing', name: 'China (Beijing)' },
  { id: 'cn-zhangjiakou', name: 'China (Zhangjiakou)' },
  { id: 'cn-huhehaote', name: 'China (Hohhot)' },
  { id: 'cn-wulanchabu', name: 'China (Ulanqab)' },
  { id: 'cn-hangzhou', name: 'China (Hangzhou)' },
  { id: 'cn-shanghai', name: 'China (Shanghai)' },
  { id: 'cn-nanjing', name: 'China (Nanjing - Local Region)' },
  { id: 'cn-fuzhou', name: 'China (Fuzhou - Local Region)' },
  { id: 'cn-wuhan-lr', name: 'China (Wuhan - Local Region)' },
  { id: 'cn-shenzhen', name: 'China (Shenzhen)' },
  { id: 'cn-heyuan', name: 'China (Heyuan)' },
  { id: 'cn-guangzhou', name: 'China (Guangzhou)' },
  { id: 'cn-chengdu', name: 'China (Chengdu)' },
  { id: 'cn-hongkong', name: 'China (Hong Kong)' },
  { id: 'cn-shanghai-finance-1', name: 'China (Shanghai) Finance Cloud' },
  { id: 'ap-northeast-1', name: 'Japan (Tokyo)' },
  { id: 'ap-northeast-2', name: 'South Korea (Seoul)' },
  { id: 'ap-southeast-1', name: 'Singapore' },
  { id: 'ap-southeast-3', name: 'Malaysia (Kuala Lumpur)' },
  { id: 'ap-southeast-5', name: 'Indonesia (Jakarta)' },
  { id: 'ap-southeast-6', name: 'Philippines (Manila)' },
  { id: 'ap-southeast-7', name: 'Thailand (Bangkok)' },
  { id: 'ap-southeast-8', name: 'Malaysia (Johor)' },
  { id: 'us-east-1', name: 'US (Virginia)' },
  { id: 'us-west-1', name: 'US (Silicon Valley)' },
  { id: 'us-southeast-1', name: 'US (Atlanta)' },
  { id: 'na-south-1', name: 'Mexico' },
  { id: 'eu-central-1', name: 'Germany (Frankfurt)' },
  { id: 'eu-west-1', name: 'UK (London)' },
  { id: 'me-east-1', name: 'UAE (Dubai)' },
  { id: 'me-central-1', name: 'Saudi Arabia (Riyadh)' },
];
