// How the pack's command-line tools end: exit code from main, or one line on stderr (never a stack trace).
import { CheckError } from "../checker/config";

/** Runs `main` with the process arguments; a CheckError prints `<name>: <message>` (exit 0: the message alone, on stdout). */
export function runMain(name: string, main: (argv: string[]) => Promise<number>): void {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (e) => {
            if (e instanceof CheckError) {
                (e.exitCode === 0 ? process.stdout : process.stderr).write(`${e.exitCode === 0 ? "" : `${name}: `}${e.message}\n`);
                process.exitCode = e.exitCode;
            } else {
                process.stderr.write(`${name}: internal error: ${(e as Error)?.message ?? String(e)}\n`);
                process.exitCode = 1;
            }
        },
    );
}
