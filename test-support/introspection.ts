// Shapes of call graphs and task trees, for exact comparison in the introspection tests.
// Typed by shape, not by core's types: core's own tests pass values typed from its sources.
interface GraphShape {
  readonly name: string | undefined;
  readonly future: object;
  readonly awaitedBy: readonly GraphShape[];
}

interface TreeNodeShape {
  readonly name: string;
  readonly state: string;
  readonly awaiting: readonly string[];
  readonly children: readonly TreeNodeShape[];
}

/** The graph as nested names. */
export function shape(graph: GraphShape | undefined): unknown {
  if (graph === undefined) return undefined;
  return { [graph.name ?? graph.future.constructor.name]: graph.awaitedBy.map(shape) };
}

/** The tree as nested `name: [children]`, with what each task waits on. */
export function treeShape(nodes: readonly TreeNodeShape[]): unknown[] {
  return nodes.map((node) => ({
    [`${node.name} ${node.state} [${node.awaiting.join(" -> ")}]`]: treeShape(node.children),
  }));
}

/** Formatted text without the ids, which depend on what was captured before. */
export function withoutIds(text: string): string {
  return text.replace(/id=0x[0-9a-f]+/g, "id=?").replace(/#\d+/g, "#?");
}
