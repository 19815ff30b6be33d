import { afterAll } from 'vitest'
import { removeTempDataDirs } from './fixture.js'

// Run for every test file: files share a worker's modules, so a hook registered when the
// fixture module loads would run for the first file only.
afterAll(removeTempDataDirs)
