// The app's tests run in a DOM with an in-memory IndexedDB, as the phone's browser would give.
import 'fake-indexeddb/auto';
