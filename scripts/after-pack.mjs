// electron-builder loads hooks as JavaScript: this loads the TypeScript hook (fuses-after-pack.ts) through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function afterPack(context) {
  const hook = await tsImport('./fuses-after-pack.ts', import.meta.url);
  await hook.afterPack(context);
}
