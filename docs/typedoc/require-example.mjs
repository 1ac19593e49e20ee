// TypeDoc plugin: every exported symbol of the kinds listed in the option `requireExampleKinds`
// must carry an `@example` block (on itself or on one of its call signatures). Missing ones are
// reported as warnings, which `treatWarningsAsErrors` in typedoc.json turns into a failed build.
import { Application, ParameterType, ReflectionKind } from 'typedoc';

/** @param {Application} app */
export function load(app) {
  app.options.addDeclaration({
    name: 'requireExampleKinds',
    help: 'Reflection kinds (e.g. Function, Class) whose exported symbols need an @example block.',
    type: ParameterType.Array,
    defaultValue: ['Function', 'Class', 'Variable', 'Interface', 'TypeAlias', 'Enum'],
  });

  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const names = /** @type {string[]} */ (app.options.getValue('requireExampleKinds'));
    const kinds = names.reduce((mask, name) => {
      const kind = ReflectionKind[name];
      if (typeof kind !== 'number') throw new Error(`requireExampleKinds: unknown reflection kind "${name}"`);
      return mask | kind;
    }, 0);
    const hasExample = (comment) => comment?.blockTags.some((tag) => tag.tag === '@example') ?? false;
    for (const reflection of project.getReflectionsByKind(kinds)) {
      // Only the packages' own top-level exports (not members, not re-export aliases).
      if (!reflection.parent?.kindOf(ReflectionKind.Module | ReflectionKind.Project)) continue;
      const signatures = 'signatures' in reflection ? (reflection.signatures ?? []) : [];
      if (hasExample(reflection.comment) || signatures.some((signature) => hasExample(signature.comment))) continue;
      app.logger.warn(`${reflection.getFullName()} (${ReflectionKind[reflection.kind]}) has no @example block`);
    }
  });
}
