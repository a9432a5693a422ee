/**
 * The paper's claims in the paper's order (figure by figure). The report lists them first, in
 * this order; the registry (src/claims/registry.ts) sorts its paper claims by it, and
 * test/claims/registry.test.ts checks that it names every paper claim of the registry and nothing
 * else. Kept apart from the registry so that the report's ordering imports no claim code.
 */
export const PAPER_ORDER: readonly string[] = ["fig2a", "fig2b", "fig2c", "fig2xt", "fig2d", "fig3", "fig4bs", "fig4lr", "fig5a", "fig5b", "fig5c", "fig6", "fig7"];
