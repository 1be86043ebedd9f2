// Configuration documents for the tests.
import { defaultConfig } from '../../firmware/config/defaults';

/** A version-1 document (firmware 0.1, before the grip library): no `grips`, and safety and battery without the limits version 2 added. */
export function v1Document(): any {
  const c: any = v2Document();
  c.version = 1;
  delete c.grips;
  for (const k of ['stallMs', 'maxSqueezeMs', 'maxStarts', 'hostTimeoutMs']) delete c.safety[k];
  delete c.battery.lowV;
  delete c.battery.criticalV;
  return c;
}

/** A version-2 document (before the flex calibration and the position and flex-mirror modes). */
export function v2Document(): any {
  const c: any = defaultConfig();
  c.version = 2;
  delete c.flex;
  return c;
}
