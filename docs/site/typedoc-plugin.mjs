// A TypeDoc plugin (typedoc.json's "plugin") that keeps the implementation out of the API
// reference:
//   - members whose names begin with `_` (the packages' own protocol between each other, public
//     only in the TypeScript sense) are removed;
//   - a class whose base class lives under a package's src/internal/ is shown extending that
//     base's public base instead (Task and CoroutineCall extend Future), members inherited or
//     overridden from the internal base name the public base's member, and interfaces from
//     src/internal/ disappear from `implements`;
//   - any other reference to src/internal/ that is left is reported as an error, so that the
//     build fails rather than publish an internal name.
import { Converter, ReferenceType, ReflectionKind } from "typedoc";

// The internal base classes and the public class each is shown as.
const publicBaseOf = { DrivenFuture: "Future" };

const isInternalFile = (fileName) => /(?:^|\/)src\/internal\//.test(fileName ?? "");
const isInternal = (type) =>
  type instanceof ReferenceType && type.reflection === undefined && isInternalFile(type.symbolId?.fileName);

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const reflection of Object.values(project.reflections)) {
      if (
        reflection.name.startsWith("_") &&
        reflection.kindOf(ReflectionKind.Property | ReflectionKind.Method | ReflectionKind.Accessor)
      )
        project.removeReflection(reflection);
    }
  });

  // Before rendering, after TypeDoc's own resolution (which would bring the internal base back).
  // Arrays are changed in place: the class's hierarchy shares them.
  app.renderer.on("beginRender", (event) => {
    const project = event.project;
    const publicClass = (name) =>
      project.getReflectionsByKind(ReflectionKind.Class).find((candidate) => candidate.name === name);
    const publicMember = (type) => {
      if (!(type instanceof ReferenceType) || type.reflection !== undefined) return type;
      const [owner, member] = type.name.split(".");
      const base = publicClass(publicBaseOf[owner]);
      const target = base?.children?.find((child) => child.name === member);
      return target && ReferenceType.createResolvedReference(`${base.name}.${member}`, target, project);
    };
    for (const reflection of Object.values(project.reflections)) {
      if (!reflection.isDeclaration()) continue;
      reflection.extendedTypes?.forEach((type, index, types) => {
        if (!isInternal(type)) return;
        const base = publicClass(publicBaseOf[type.name]);
        if (base === undefined) {
          app.logger.error(
            `typedoc-plugin: ${reflection.getFullName()} extends the internal class ${type.name}: name its public base in docs/site/typedoc-plugin.mjs`,
          );
          return;
        }
        const replaced = ReferenceType.createResolvedReference(base.name, base, project);
        replaced.typeArguments = type.typeArguments;
        types[index] = replaced;
        base.extendedBy?.push(ReferenceType.createResolvedReference(reflection.name, reflection, project));
      });
      const implemented = reflection.implementedTypes;
      if (implemented) {
        for (let index = implemented.length - 1; index >= 0; index--)
          if (isInternal(implemented[index])) implemented.splice(index, 1);
        if (implemented.length === 0) reflection.implementedTypes = undefined;
      }
      for (const owner of [reflection, ...reflection.getAllSignatures()]) {
        if (owner.inheritedFrom) owner.inheritedFrom = publicMember(owner.inheritedFrom);
        if (owner.overwrites) owner.overwrites = publicMember(owner.overwrites);
        if (owner.implementationOf?.reflection === undefined) owner.implementationOf = undefined;
      }
    }
  });

  // Whatever still names an internal declaration is a mistake in the packages' exports.
  app.renderer.on("beginRender", (event) => {
    const project = event.project;
    for (const reflection of Object.values(project.reflections)) {
      if (!reflection.isDeclaration()) continue;
      for (const type of [...(reflection.extendedTypes ?? []), ...(reflection.implementedTypes ?? [])]) {
        if (isInternal(type))
          app.logger.error(`typedoc-plugin: ${reflection.getFullName()} still names the internal ${type.name}`);
      }
    }
  });
}
