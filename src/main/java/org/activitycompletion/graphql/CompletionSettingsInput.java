package org.activitycompletion.graphql;

import java.time.Instant;
import java.util.List;

import org.activitycompletion.activity.CompletionSettingsRequest;
import org.activitycompletion.completion.CompletionTracking;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** The contract's CompletionSettingsInput. */
@Input("CompletionSettingsInput")
public class CompletionSettingsInput {

    @NonNull
    public CompletionTracking tracking;
    @DefaultValue("false")
    public Boolean requireView;
    @DefaultValue("false")
    public Boolean requireGrade;
    @DefaultValue("false")
    public Boolean requirePassGrade;
    public Double gradePass;
    @DefaultValue("100")
    public Double gradeMax;
    public Instant expectedBy;
    @DefaultValue("[]")
    public List<@NonNull CustomRuleInput> customRules;

    @Input("CustomRuleInput")
    public static class CustomRuleInput {
        @NonNull
        public String name;
        @NonNull
        public Integer value;
    }

    CompletionSettingsRequest toRequest() {
        return new CompletionSettingsRequest(tracking, Boolean.TRUE.equals(requireView),
                Boolean.TRUE.equals(requireGrade), Boolean.TRUE.equals(requirePassGrade), gradePass, gradeMax,
                expectedBy,
                customRules == null ? List.of() : customRules.stream()
                        .map(r -> new CompletionSettingsRequest.RuleSetting(r.name, r.value))
                        .toList());
    }
}
