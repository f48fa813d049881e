// Container groups, limited to image pulls: Pending → Running | Failed, events, filters, delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as $Eci from '@alicloud/eci20180808';
import { rejection } from '../../helpers/sdk.js';
import { ALPHA_IMAGE, REGION, eciA, withEciEmulator } from './fixture.js';

const emu = await withEciEmulator();
const eci = eciA(emu);

function createGroup(name: string, images: string[], extra: Record<string, unknown> = {}) {
  return eci.createContainerGroup(
    new $Eci.CreateContainerGroupRequest({
      regionId: REGION,
      containerGroupName: name,
      securityGroupId: 'sg-1',
      vSwitchId: 'vsw-private',
      container: images.map((image, i) => new $Eci.CreateContainerGroupRequestContainer({ name: `c${i}`, image })),
      ...extra,
    }),
  );
}

async function describeGroup(id: string) {
  const reply = await eci.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }));
  return reply.body?.containerGroups?.[0];
}

test('a container group whose images can be pulled goes Pending → Running', async () => {
  const id = (await createGroup('web', [ALPHA_IMAGE])).body!.containerGroupId!;
  assert.match(id, /^eci-/);
  assert.equal((await describeGroup(id))?.status, 'Pending');
  await emu.advance(1_000);
  const running = await describeGroup(id);
  assert.equal(running?.status, 'Running');
  assert.deepEqual(running?.containers?.map((c) => c.image), [ALPHA_IMAGE]);
  assert.ok(running?.events?.some((e) => e.reason === 'Pulled'), `a Pulled event: ${JSON.stringify(running?.events)}`);
});

test('a container group with an image it cannot pull fails with a Warning event', async () => {
  const id = (await createGroup('public', ['nginx:1.27'])).body!.containerGroupId!;
  await emu.advance(1_000);
  const failed = await describeGroup(id);
  assert.equal(failed?.status, 'Failed');
  assert.match(failed?.events?.find((e) => e.type === 'Warning')?.message ?? '', /nginx:1\.27 needs internet access/);
  const withEip = (await createGroup('public-eip', ['nginx:1.27'], { eipInstanceId: 'eip-1' })).body!.containerGroupId!;
  await emu.advance(1_000);
  assert.equal((await describeGroup(withEip))?.status, 'Running');
});

test('DeleteContainerGroup removes the group; an unknown id is InvalidContainerGroupId.NotFound', async () => {
  const id = (await createGroup('gone', [ALPHA_IMAGE])).body!.containerGroupId!;
  await eci.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: id }));
  assert.equal(await describeGroup(id), undefined);
  const again = await rejection(eci.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: id })));
  assert.deepEqual([again.code, again.statusCode], ['InvalidContainerGroupId.NotFound', 404]);
});

test('CreateContainerGroup needs a container image', async () => {
  const error = await rejection(createGroup('empty', []));
  assert.deepEqual([error.code, error.statusCode], ['MissingParameter', 400]);
});
