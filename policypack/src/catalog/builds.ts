// Build numbers ("15.2.2562.17") as numeric parts, compared part by part. Shared by the catalog
// loader (ordered build tables) and the update-level parser; free of the generated catalog, so the
// kind registry the build reads (rules/kinds.ts) can load without it.

export function parseBuild(build: string): number[] {
    return build.split(".").map((part) => Number(part));
}

export function compareBuilds(a: number[], b: number[]): number {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const difference = (a[i] ?? 0) - (b[i] ?? 0);
        if (difference !== 0) return difference;
    }
    return 0;
}
