package tp.limit;

/** Per-value state of the backend, indexed by value id. */
final class ValueMap<T> {
    private final Object[] items;

    ValueMap(int size) {
        items = new Object[size];
    }

    @SuppressWarnings("unchecked")
    T get(int id) {
        return (T) items[id];
    }

    void put(int id, T value) {
        items[id] = value;
    }
}
