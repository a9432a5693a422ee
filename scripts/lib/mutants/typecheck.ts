/**
 * The type check of `tsc --noEmit`, run in-process and incrementally for the mutant battery: the
 * same compiler and tsconfig.json, the whole program checked once, then each mutant's text
 * swapped in for its file and only what that can affect re-checked (the mutated file, and the
 * files that import it when its exported types change: TypeScript's own builder, as
 * `tsc --incremental` does). A mutant with any diagnostic does not compile: the battery reports
 * it as an error, never as a kill. Parsed files are kept between checks, so a check costs about a
 * second instead of a `tsc` start (~10 s here).
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import ts from "typescript";

export class IncrementalTypeCheck {
  private readonly options: ts.CompilerOptions;
  private readonly rootNames: string[];
  private readonly host: ts.CompilerHost;
  private readonly parsed = new Map<string, { text: string; file: ts.SourceFile }>();
  private overrides = new Map<string, string>();
  private previous: ts.SemanticDiagnosticsBuilderProgram | undefined;

  /** `root`: the folder of tsconfig.json. */
  constructor(private readonly root: string) {
    const configPath = resolve(root, "tsconfig.json");
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } });
    if (!config) throw new Error(`cannot read ${configPath}`);
    if (config.errors.length) throw new Error(this.format(config.errors).join("\n"));
    this.options = { ...config.options, noEmit: true };
    this.rootNames = config.fileNames;
    const host = ts.createIncrementalCompilerHost(this.options);
    const read = (fileName: string): string | undefined => this.overrides.get(resolve(fileName)) ?? ts.sys.readFile(fileName);
    host.readFile = read;
    host.getSourceFile = (fileName, languageVersion) => {
      const text = read(fileName);
      if (text === undefined) return undefined;
      const hit = this.parsed.get(fileName);
      if (hit && hit.text === text) return hit.file;
      const file = ts.createSourceFile(fileName, text, languageVersion);
      // The builder compares files by version: a hash of the text.
      (file as ts.SourceFile & { version: string }).version = createHash("sha256").update(text).digest("hex");
      this.parsed.set(fileName, { text, file });
      return file;
    };
    this.host = host;
  }

  /**
   * Diagnostics (formatted, one per entry; empty: it compiles) of the program with `overrides`
   * (repository-relative path -> text) in place of those files on disk.
   */
  check(overrides: Record<string, string> = {}): string[] {
    this.overrides = new Map(Object.entries(overrides).map(([p, text]) => [resolve(this.root, p), text]));
    const program = ts.createProgram({ rootNames: this.rootNames, options: this.options, host: this.host, oldProgram: this.previous?.getProgram() });
    const builder = ts.createSemanticDiagnosticsBuilderProgram(program, this.host, this.previous);
    this.previous = builder;
    const all = [...builder.getOptionsDiagnostics(), ...builder.getGlobalDiagnostics(), ...builder.getSyntacticDiagnostics(), ...builder.getSemanticDiagnostics()];
    return this.format(all);
  }

  private format(diags: readonly ts.Diagnostic[]): string[] {
    return diags.map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
      if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const rel = d.file.fileName.startsWith(this.root) ? d.file.fileName.slice(this.root.length + 1) : d.file.fileName;
      return `${rel}(${line + 1},${character + 1}): TS${d.code}: ${text}`;
    });
  }
}
