package org.activitycompletion.modules;

/** A module without custom rules: only what it supports differs. */
public abstract class BasicModule implements ActivityModule {

    private final String name;
    private final boolean tracksViews;
    private final boolean hasGrade;

    protected BasicModule(String name, boolean tracksViews, boolean hasGrade) {
        this.name = name;
        this.tracksViews = tracksViews;
        this.hasGrade = hasGrade;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean tracksViews() {
        return tracksViews;
    }

    @Override
    public boolean hasGrade() {
        return hasGrade;
    }
}
