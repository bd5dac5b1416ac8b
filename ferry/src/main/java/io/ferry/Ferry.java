package io.ferry;

public final class Ferry {
    public static void main(String[] args) {
    }
}
